using System.Globalization;
using System.Net;
using System.Text.Json;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.Lab.Timing;

namespace Testbed.Network.Calibration;

/// <summary>TCP throughput measured by iperf3, a client and server no one here wrote, between two namespaces.</summary>
public static class IperfProbe
{
    private const int Port = 5201;

    /// <summary>
    /// What the receiver got, in bits per second, over a test of <paramref name="duration"/>;
    /// the first <paramref name="omittedSeconds"/> (TCP's slow start) are left out of the figure.
    /// With <paramref name="udpMbps"/>, a UDP flow at that rate instead of TCP, paced every
    /// <see cref="UdpPacingMicroseconds"/>; with <paramref name="streams"/>, that many flows at
    /// once (their sum); with <paramref name="tcpMbps"/>, TCP held to that rate.
    /// </summary>
    public static async Task<double> ThroughputBitsPerSecondAsync(
        RunDirectory run, string serverNetns, IPAddress serverAddress, string clientNetns, TimeSpan duration, int omittedSeconds = 0,
        double? udpMbps = null, int streams = 1, double? tcpMbps = null, CancellationToken cancellationToken = default)
    {
        var name = $"iperf3-{Guid.NewGuid():N}"[..15];
        await using var server = run.StartProcess(name, "iperf3", ["--server", "--one-off", "--bind", serverAddress.ToString()], serverNetns);
        await WaitUntilListeningAsync(serverNetns, server, cancellationToken);

        return await ClientAsync(clientNetns, serverAddress, duration, omittedSeconds, udpMbps, streams, tcpMbps, cancellationToken);
    }

    /// <summary>As <see cref="ThroughputBitsPerSecondAsync"/>, against an iperf3 server that is already running, such as a VM's.</summary>
    public static async Task<double> ClientAsync(
        string clientNetns, IPAddress serverAddress, TimeSpan duration, int omittedSeconds = 0, double? udpMbps = null, int streams = 1, double? tcpMbps = null,
        CancellationToken cancellationToken = default) =>
        (await ClientReportAsync(clientNetns, serverAddress, duration, omittedSeconds, udpMbps, streams, tcpMbps, cancellationToken: cancellationToken)).ReceivedBitsPerSecond;

    /// <summary>As <see cref="ClientAsync"/>, with the byte counts of iperf3's own report; with <paramref name="source"/>, the client's address.</summary>
    public static async Task<IperfReport> ClientReportAsync(
        string clientNetns, IPAddress serverAddress, TimeSpan duration, int omittedSeconds = 0, double? udpMbps = null, int streams = 1, double? tcpMbps = null,
        IPAddress? source = null, CancellationToken cancellationToken = default)
    {
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds));
        var client = await CommandRunner.RunAsync("ip",
            ["netns", "exec", clientNetns, "iperf3", "--client", serverAddress.ToString(), "--time", seconds.ToString(CultureInfo.InvariantCulture),
             "--omit", omittedSeconds.ToString(CultureInfo.InvariantCulture), "--parallel", streams.ToString(CultureInfo.InvariantCulture), "--json",
             .. source is null ? (string[])[] : ["--bind", source.ToString()],
             .. udpMbps is { } rate
                 ? (string[])["--udp", "--bitrate", Megabits(rate), "--pacing-timer", UdpPacingMicroseconds.ToString(CultureInfo.InvariantCulture)]
                 : tcpMbps is { } tcpRate ? ["--bitrate", Megabits(tcpRate / streams)] : []],
            TimeSpan.FromSeconds(seconds + omittedSeconds + 30), cancellationToken);
        using var report = JsonDocument.Parse(client.StandardOutput);
        if (report.RootElement.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"iperf3 from {clientNetns} to {serverAddress} failed: {error.GetString()}");
        }

        var end = report.RootElement.GetProperty("end");
        var sent = end.GetProperty("sum_sent");
        var received = end.GetProperty("sum_received");
        return new IperfReport(
            received.GetProperty("bits_per_second").GetDouble(),
            sent.GetProperty("bytes").GetInt64(),
            received.GetProperty("bytes").GetInt64(),
            sent.TryGetProperty("retransmits", out var retransmits) ? retransmits.GetInt64() : 0,
            received.GetProperty("seconds").GetDouble(),
            sent.TryGetProperty("packets", out var packets) ? packets.GetInt64() : null,
            received.TryGetProperty("lost_packets", out var lost) ? lost.GetInt64() : null);
    }

    /// <summary>
    /// How often iperf3 sends a UDP flow's datagrams. Its default, a burst every millisecond,
    /// queues a flow at 90% of a 100 Mbit/s link up to 0.9 ms deep at each burst, which is
    /// real queueing but says nothing of the link; every 100 µs, the bursts are a frame or two.
    /// </summary>
    public const int UdpPacingMicroseconds = 100;

    private static string Megabits(double rateMbps) => rateMbps.ToString("0.###", CultureInfo.InvariantCulture) + "M";

    /// <summary>Asks the namespace's socket table, rather than connecting: a one-off server would take a probe connection for its test.</summary>
    private static Task WaitUntilListeningAsync(string netns, TrackedProcess server, CancellationToken cancellationToken) =>
        WaitUntil.TrueAsync(
            async token =>
            {
                var sockets = await CommandRunner.RunCheckedAsync("ip", ["netns", "exec", netns, "ss", "-Hltn", $"sport = :{Port}"], cancellationToken: token);
                return sockets.StandardOutput.Contains(':' + Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    || (server.HasExited ? throw new InvalidOperationException($"iperf3 exited before it listened in {netns}") : false);
            },
            TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20), () => new InvalidOperationException($"iperf3 did not start listening in {netns}"),
            cancellationToken: cancellationToken);
}
