using System.Diagnostics;

namespace Testbed.Guest.Services;

/// <summary>
/// The image carries the distro's iperf3, so users can measure the service's path with a
/// client nobody here wrote; the guest runs its server on the default port.
/// </summary>
internal static class IperfServer
{
    public const string Program = "/usr/bin/iperf3";

    public static void Start()
    {
        if (!File.Exists(Program))
        {
            return;
        }

        // No per-second reports: each would be a line on the emulated serial console.
        var start = new ProcessStartInfo(Program) { UseShellExecute = false };
        start.ArgumentList.Add("--server");
        start.ArgumentList.Add("--interval");
        start.ArgumentList.Add("0");
        Process.Start(start);
    }
}
