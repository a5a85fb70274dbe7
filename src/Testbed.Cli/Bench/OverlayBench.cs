using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Testbed.Lab.Linux;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.Mechanisms.Guests;
using Testbed.Mechanisms.Mobility;
using Testbed.Network.Calibration;
using Testbed.Network.Wan;
using Testbed.Overlay.Table;
using Testbed.Qemu.Host;
using Testbed.Qemu.Image;
using Testbed.Qemu.Migration;
using Testbed.Topology;
using Testbed.Topology.Routing;
using Testbed.Workload.Probing;
using Testbed.Workload.Protocol;
using Testbed.Workload.Records;
using Testbed.Workload.Statistics;

namespace Testbed.Cli.Bench;

/// <summary>
/// The smart router's cost against kernel forwarding, and the four mechanisms on the same
/// migration of a real guest (TCG) from dc1 to dc2, seen by a user near dc2.
/// </summary>
internal static class OverlayBench
{
    public const int Echoes = 400;
    private const int WarmUpEchoes = 50;
    public const int Connections = 4;
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(5);
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);

    private static readonly GuestSpec Guest = new("vm1", IPAddress.Parse("10.0.0.2"), "52:54:00:00:00:02", MemoryMib: 96);

    /// <summary>
    /// user - r - dc1 on plain veths (no emulated delay, which would only add noise), and one
    /// host in dc1 holding both an infrastructure address (the kernel forwards to it) and a
    /// service address (the smart router takes it from its TUN and delivers it on the LAN).
    /// The kernel fast path is off: this is the router process's cost, which it pays for
    /// every packet it must decide (replicas, a switch-over).
    /// </summary>
    public static async Task<ForwardingBenchRow> RunForwardingAsync(RuntimeRoot root, CancellationToken cancellationToken)
    {
        await using var run = RunDirectory.Create(root, $"bench-overlay-{Guid.NewGuid():N}"[..22]);
        var topology = new WanTopology
        {
            DataCenters = [new DataCenter("dc1")],
            WanRouters = [new WanRouter("r")],
            UserSites = [new UserSite("user")],
            Links = [new WanLink("user", "r", 0), new WanLink("r", "dc1", 0)],
        };
        await using var wan = await WanNetwork.BuildAsync(run, topology, cancellationToken: cancellationToken);
        await using var routers = await OverlayRouters.StartAsync(run, wan, cancellationToken: cancellationToken, kernelFastPath: false);
        var host = wan.Node(WanNetwork.HostName("dc1", 0)).Namespace;
        await IpRoute.BatchAsync(host, [$"addr add {Guest.Address}/32 dev {WanNetwork.HostBridge}"], cancellationToken);
        await routers.Client("dc1").ReplaceAsync(new LocationEntry(Guest.Address.ToString(), 1, ["dc1"], await MacOfAsync(host, WanNetwork.HostBridge, cancellationToken)), cancellationToken);

        var user = wan.Node("user").Namespace;
        var kernelTarget = wan.Plan.DataCenter("dc1").Hosts[0];
        // Unmeasured first: neighbour resolution on both paths, and the router's first packets, which compile its forwarding path.
        foreach (var target in (IPAddress[])[kernelTarget, Guest.Address])
        {
            await EchoProbe.RoundTripsMsAsync(user, target, WarmUpEchoes, TimeSpan.FromMilliseconds(5), cancellationToken: cancellationToken);
        }

        var kernelRtts = await EchoProbe.RoundTripsMsAsync(user, kernelTarget, Echoes, TimeSpan.FromMilliseconds(5), cancellationToken: cancellationToken);
        var routerRtts = await EchoProbe.RoundTripsMsAsync(user, Guest.Address, Echoes, TimeSpan.FromMilliseconds(5), cancellationToken: cancellationToken);
        var kernelBits = await IperfProbe.ThroughputBitsPerSecondAsync(run, host, kernelTarget, user, TimeSpan.FromSeconds(4), 1, cancellationToken: cancellationToken);
        var routerCpuBefore = routers.CpuTime();
        var iperfWall = System.Diagnostics.Stopwatch.StartNew();
        var routerBits = await IperfProbe.ThroughputBitsPerSecondAsync(run, host, Guest.Address, user, TimeSpan.FromSeconds(4), 1, cancellationToken: cancellationToken);
        var routerCpuSeconds = (routers.CpuTime() - routerCpuBefore).TotalSeconds;
        var gigabitsCarried = routerBits / 1e9 * iperfWall.Elapsed.TotalSeconds;

        var (k50, k99) = (NearestRank.Of(kernelRtts, 0.5) * 1000, NearestRank.Of(kernelRtts, 0.99) * 1000);
        var (r50, r99) = (NearestRank.Of(routerRtts, 0.5) * 1000, NearestRank.Of(routerRtts, 0.99) * 1000);
        return new ForwardingBenchRow(kernelBits / 1e6, routerBits / 1e6, routerBits / kernelBits, k50, k99, r50, r99, r50 - k50, r99 - k99, routerCpuSeconds / gigabitsCarried);
    }

    /// <summary>
    /// One mechanism, one migration: the guest starts in dc1 (home) and moves to dc2 while a
    /// user near dc2 probes it every 5 ms through a resolver (TTL 2 s) and holds
    /// <see cref="Connections"/> persistent connections, each tried once afterwards.
    /// </summary>
    public static async Task<MechanismBenchRow> RunMechanismAsync(RuntimeRoot root, GuestImage image, Accelerator accel, MechanismKind kind, CancellationToken cancellationToken)
    {
        await using var run = RunDirectory.Create(root, $"bench-{kind.Name()}-{Guid.NewGuid():N}"[..24]);
        await using var wan = await WanNetwork.BuildAsync(run, ReferenceTopologies.TwoRegions(), cancellationToken: cancellationToken);
        await using var mechanism = await MobilityMechanisms.StartAsync(kind, run, wan, "dc1", Ttl, cancellationToken: cancellationToken);
        var atHome = mechanism.AddressingAt(Guest, "dc1");
        await using var source = await WanGuest.StartAsync(run, wan, image, Guest, "dc1", addressing: atHome, accel: accel, cancellationToken: cancellationToken);
        await using var destination = await WanGuest.StartAsync(run, wan, image, Guest, "dc2", incoming: true, addressing: atHome, accel: accel, cancellationToken: cancellationToken);
        await mechanism.PlaceAsync(Guest, "dc1", cancellationToken);
        var resolver = mechanism.Directory.Resolver();

        var connections = new List<ServiceConnection>();
        try
        {
            for (var i = 0; i < Connections; i++)
            {
                var socket = wan.UserSocket("near2", SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(resolver.Resolve(Guest.Name), ServicePorts.RequestResponse), cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }

                // A connection wraps a connected socket only; from here it owns and disposes it.
                var connection = new ServiceConnection(socket);
                connections.Add(connection);
                await connection.RequestAsync(TimeSpan.FromSeconds(30));
            }

            using var probeSocket = wan.UserSocket("near2", SocketType.Dgram, ProtocolType.Udp);
            using var prober = new UdpProber(probeSocket, () => new IPEndPoint(resolver.Resolve(Guest.Name), ServicePorts.ProbeEcho), ProbeInterval);
            prober.Start();
            MigrationRecord record;
            ConvergenceSplit split;
            try
            {
                var result = await MobileMigration.RunAsync(mechanism, wan, Guest, source, destination, "dc1", "dc2",
                    new MigrationSettings { Timeout = TimeSpan.FromMinutes(3) }, cancellationToken);
                (record, split) = (result.Record, result.Observed.Convergence);
            }
            catch (MigrationFailedException failed)
            {
                prober.Stop();
                return new MechanismBenchRow(kind.Name(), EnumWords<MigrationOutcome>.Word(failed.Record.Outcome), failed.Record.QemuDowntimeMs, null, null, null, null, null, OneWayDelayMs(wan, kind), 0, Connections);
            }

            var resume = record.Timeline.DestinationResume!.Value;
            var answered = await prober.WaitForAnswerAfterAsync(resume, TimeSpan.FromSeconds(30), cancellationToken);
            var gap = answered ? ProbeGap.Spanning(prober.Stop(), resume) : null;

            // Every connection gets one try with a generous bound; one that does not answer is broken.
            var broken = 0;
            foreach (var connection in connections)
            {
                try
                {
                    await connection.RequestAsync(TimeSpan.FromSeconds(5));
                }
                catch (Exception failure) when (failure is TimeoutException or IOException or SocketException or InvalidDataException)
                {
                    broken++;
                }
            }

            return new MechanismBenchRow(kind.Name(), answered ? EnumWords<MigrationOutcome>.Word(record.Outcome) : "guest silent", record.QemuDowntimeMs, record.RestoreMs,
                gap is null ? null : (gap.FirstAnswerAfter - resume).TotalMilliseconds, split.PathReadyMs, split.GuestFirstFrameMs, gap?.Duration.TotalMilliseconds,
                OneWayDelayMs(wan, kind), broken, Connections);
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection.Dispose();
            }
        }
    }

    /// <summary>From near2's entry into the mechanism to dc2: its nearest smart router (dc2 itself) for the overlay, home (dc1) when traffic goes home first, none under readdress.</summary>
    private static double OneWayDelayMs(WanNetwork wan, MechanismKind kind)
    {
        var ingress = kind switch
        {
            MechanismKind.Overlay => wan.Routes.NearestDataCenter("near2")!,
            MechanismKind.HomeTunnel or MechanismKind.L2Stretch => "dc1",
            _ => "dc2",
        };
        return ingress == "dc2" ? 0 : wan.Routes.Paths.Between(ingress, "dc2")!.DelayMs;
    }

    private static async Task<string> MacOfAsync(string netns, string device, CancellationToken cancellationToken)
    {
        var shown = await CommandRunner.RunCheckedAsync("ip", ["-n", netns, "-j", "link", "show", device], cancellationToken);
        using var json = JsonDocument.Parse(shown.StandardOutput);
        return json.RootElement[0].GetProperty("address").GetString()!;
    }
}
