using System.Globalization;

namespace Testbed.Workload.Protocol;

/// <summary>
/// Lines starting with '!' on the request/response connection change the guest at
/// runtime instead of counting as requests; the guest answers "ok" or "error: ...".
/// </summary>
public static class ControlLine
{
    public const char Marker = '!';

    /// <summary>"!dirty MBPS": the memory-dirtying load, in MB/s (0 stops it).</summary>
    public static string SetDirtyRate(double megabytesPerSecond) =>
        string.Create(CultureInfo.InvariantCulture, $"{Marker}dirty {megabytesPerSecond}");

    /// <summary>"!name NAME": the name the VM answers as; a new replica takes its own after cloning.</summary>
    public static string SetName(string name) => $"{Marker}name {name}";

    public const string Ok = "ok";
}
