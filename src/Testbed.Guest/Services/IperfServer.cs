using System.Diagnostics;
using System.Globalization;

namespace Testbed.Guest.Services;

/// <summary>
/// When the image carries the distro's iperf3 (the tools image does; the default one does
/// not, to keep small guests small), the guest runs its server on the default port, so users
/// can measure the service's path with a client nobody here wrote.
/// </summary>
internal static class IperfServer
{
    public const string Program = "/usr/bin/iperf3";
    private const int Port = 5201;
    private const string Listening = "0A";
    private static readonly string[] SocketTables = ["/proc/net/tcp", "/proc/net/tcp6"];

    /// <summary>Starts the server and returns once it listens, so that "serving" on the console covers it too.</summary>
    public static void Start(TimeSpan timeout)
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
        var server = Process.Start(start) ?? throw new InvalidOperationException($"{Program} did not start");
        var deadline = DateTime.UtcNow + timeout;
        while (!IsListening())
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"{Program} exited with {server.ExitCode} before listening");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{Program} did not listen on {Port} within {timeout.TotalSeconds:0} s");
            }

            Thread.Sleep(10);
        }
    }

    /// <summary>iperf3 listens on IPv6 when the kernel has it, on IPv4 otherwise; either table will do.</summary>
    private static bool IsListening()
    {
        var localPort = ":" + Port.ToString("X4", CultureInfo.InvariantCulture);
        return SocketTables
            .Where(File.Exists)
            .SelectMany(File.ReadLines)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(fields => fields.Length > 3 && fields[1].EndsWith(localPort, StringComparison.Ordinal) && fields[3] == Listening);
    }
}
