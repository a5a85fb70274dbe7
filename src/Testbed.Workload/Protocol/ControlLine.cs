using System.Net;

namespace Testbed.Workload.Protocol;

/// <summary>
/// Lines starting with '!' on the request/response connection change the guest at
/// runtime instead of counting as requests; the guest answers "ok" or "error: ...".
/// </summary>
public static class ControlLine
{
    public const char Marker = '!';

    /// <summary>The line of <see cref="SetDirtyRateCommand"/>.</summary>
    public static string SetDirtyRate(double megabytesPerSecond) => new SetDirtyRateCommand(megabytesPerSecond).Line;

    /// <summary>The line of <see cref="SetNameCommand"/>.</summary>
    public static string SetName(string name) => new SetNameCommand(name).Line;

    /// <summary>The line of <see cref="SetAddressCommand"/>.</summary>
    public static string SetAddress(IPAddress address, int prefixLength, IPAddress gateway) => new SetAddressCommand(address, prefixLength, gateway).Line;

    public const string Ok = "ok";

    /// <summary>The start of every refusal; the rest says why.</summary>
    public const string ErrorPrefix = "error: ";
}
