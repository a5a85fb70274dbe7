using System.Globalization;
using System.Net;

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

    /// <summary>
    /// "!address A/LEN GW": the guest moves to another address and default gateway, as after
    /// a re-addressing move; the hypervisor's agent channel sends it, since the old address
    /// may no longer be reachable.
    /// </summary>
    public static string SetAddress(IPAddress address, int prefixLength, IPAddress gateway) => $"{Marker}address {address}/{prefixLength} {gateway}";

    public const string Ok = "ok";

    /// <summary>The start of every refusal; the rest says why.</summary>
    public const string ErrorPrefix = "error: ";
}
