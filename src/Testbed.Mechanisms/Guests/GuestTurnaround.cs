using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Testbed.Lab.Linux;
using Testbed.Network.Calibration;
using Testbed.Network.Wan;
using Testbed.Workload.Probing;
using Testbed.Workload.Protocol;

namespace Testbed.Mechanisms.Guests;

/// <summary>
/// A guest's own turnaround, where the network adds next to nothing: from its hypervisor
/// host, which reaches it across the host's bridge for the span of the measurement (a
/// route to the guest's address on the bridge), ICMP echoes (the guest's kernel answers)
/// and UDP echoes (a guest process answers), as the users' probes may be, then requests of
/// a given size on one connection, one at a time. The answers leave through the
/// guest's gateway, the data center router, whose kernel forwards them back on the LAN. The
/// first answers, which compile the guest's code paths under TCG, are not counted.
/// </summary>
public static class GuestTurnaround
{
    public const int WarmUpEchoes = 50;
    public const int Echoes = 200;
    public const int WarmUpRequests = 10;
    public const int Requests = 50;
    public static readonly TimeSpan EchoInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Round trips in ms: the ICMP and UDP echoes answered, and every request.</summary>
    public static async Task<(IReadOnlyList<double> IcmpMs, IReadOnlyList<double> EchoMs, IReadOnlyList<double> RequestMs)> MeasureAsync(
        WanNetwork wan, string dataCenter, IPAddress address, int requestBytes, CancellationToken cancellationToken = default)
    {
        var netns = wan.Node(WanNetwork.HostName(dataCenter, 0)).Namespace;
        var route = $"{address}/32 dev {WanNetwork.HostBridge}";
        await IpRoute.BatchAsync(netns, [$"route replace {route}"], cancellationToken);
        try
        {
            await EchoProbe.RoundTripsMsAsync(netns, address, WarmUpEchoes, EchoInterval, cancellationToken: cancellationToken);
            var icmp = await EchoProbe.RoundTripsMsAsync(netns, address, Echoes, EchoInterval, cancellationToken: cancellationToken);
            await EchoesAsync(netns, address, WarmUpEchoes, cancellationToken);
            var echoes = await EchoesAsync(netns, address, Echoes, cancellationToken);
            var requests = await RequestsAsync(netns, address, requestBytes, cancellationToken);
            return (icmp, echoes, requests);
        }
        finally
        {
            await IpRoute.BatchAsync(netns, [$"route del {route}"], CancellationToken.None);
        }
    }

    private static async Task<IReadOnlyList<double>> EchoesAsync(string netns, IPAddress address, int count, CancellationToken cancellationToken)
    {
        using var socket = NamespaceSockets.Create(netns, AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(new IPEndPoint(address, ServicePorts.ProbeEcho));
        using var prober = new UdpProber(socket, EchoInterval);
        prober.Start();
        await Task.Delay(EchoInterval * count, cancellationToken);
        return [.. prober.Stop().Where(s => s.AnsweredAt is not null).Select(s => (s.AnsweredAt!.Value - s.SentAt).TotalMilliseconds)];
    }

    private static async Task<IReadOnlyList<double>> RequestsAsync(string netns, IPAddress address, int requestBytes, CancellationToken cancellationToken)
    {
        var socket = NamespaceSockets.Create(netns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, ServicePorts.RequestResponse), cancellationToken).AsTask().WaitAsync(Patience, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        using var connection = new ServiceConnection(socket);
        var line = Encoding.ASCII.GetString(RequestLine.Padded(Math.Max(RequestLine.MinimumSize, requestBytes)))[..^1];
        var rtts = new List<double>();
        for (var i = 0; i < WarmUpRequests + Requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await connection.SendAsync(line, Patience);
            if (i >= WarmUpRequests)
            {
                rtts.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return rtts;
    }
}
