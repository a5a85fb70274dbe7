using System.Diagnostics;
using Testbed.Lab.Runs;
using Testbed.Network.Calibration;
using Testbed.Network.Topology;
using Testbed.Network.Wan;

namespace Testbed.Cli.Bench;

/// <summary>
/// Measures the WAN emulation on this machine: how faithful a link's delay and rate are,
/// idle and loaded, and how long networks of growing size take to build and tear down.
/// </summary>
internal static class LinkBench
{
    public const double BandwidthMbps = 100;

    private const int Probes = 50;

    /// <summary>Two routers and one link: the delay and rate under test, nothing else on the path.</summary>
    /// <remarks>
    /// With <paramref name="cpuBusy"/> above 0, that many processes spin on the CPU throughout
    /// (a TCG guest does the same), so that the rows show the emulator on a saturated host.
    /// </remarks>
    public static async Task<(IReadOnlyList<LinkBenchRow> Rows, LinkEmulation Chosen)> RunLinkCasesAsync(
        RuntimeRoot root, LinkEmulation emulation, double delayMs, IReadOnlyList<int> loads, int cpuBusy, CancellationToken cancellationToken)
    {
        await using var run = RunDirectory.Create(root, $"bench-links-{Guid.NewGuid():N}"[..20]);
        for (var i = 0; i < cpuBusy; i++)
        {
            // Tracked by pid file like every process of a run: disposal and `testbed clean` stop them.
            run.StartProcess($"cpu-busy-{i}", "sh", ["-c", "while :; do :; done"]);
        }

        var topology = new WanTopology
        {
            WanRouters = [new WanRouter("a"), new WanRouter("b")],
            Links = [new WanLink("a", "b", new LinkProperties(delayMs, BandwidthMbps: BandwidthMbps))],
        };
        await using var wan = await WanNetwork.BuildAsync(run, topology, emulation, cancellationToken: cancellationToken);
        var (netnsA, netnsB) = (wan.Node("a").Namespace, wan.Node("b").Namespace);
        var addressB = wan.Plan.Links[0].B;
        await EchoProbe.RoundTripsMsAsync(netnsA, addressB, 1, TimeSpan.FromMilliseconds(10), cancellationToken: cancellationToken);

        var rows = new List<LinkBenchRow>();
        foreach (var load in loads)
        {
            var duration = TimeSpan.FromSeconds((Probes * 0.02) + 3);
            if (load == 0)
            {
                // Idle delay first; then the link's capacity, from a UDP flow offered above it as
                // calibration does (TCP would not fill 100 Mbit/s over 200 ms within seconds).
                var idle = await EchoProbe.RoundTripsMsAsync(netnsA, addressB, Probes, TimeSpan.FromMilliseconds(20), cancellationToken: cancellationToken);
                var capacity = await IperfProbe.ThroughputBitsPerSecondAsync(run, netnsB, addressB, netnsA, TimeSpan.FromSeconds(3), 1,
                    BandwidthMbps * LinkCalibrator.BurstOverdrive, cancellationToken);
                rows.Add(Row(delayMs, load, cpuBusy, idle, capacity / (BandwidthMbps * 1e6)));
                continue;
            }

            // The probe runs while a UDP flow takes its share of the link.
            var offeredMbps = BandwidthMbps * load / 100;
            var flow = IperfProbe.ThroughputBitsPerSecondAsync(run, netnsB, addressB, netnsA, duration, 1, offeredMbps, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken);
            var rtts = await EchoProbe.RoundTripsMsAsync(netnsA, addressB, Probes, TimeSpan.FromMilliseconds(20), cancellationToken: cancellationToken);
            rows.Add(Row(delayMs, load, cpuBusy, rtts, await flow / (offeredMbps * 1e6)));
        }

        return (rows, wan.Emulation);
    }

    private static LinkBenchRow Row(double delayMs, int load, int cpuBusy, IReadOnlyList<double> rtts, double ratio)
    {
        var errors = rtts.Select(rtt => (rtt / 2) - delayMs).Order().ToList();
        return errors.Count == 0
            ? new LinkBenchRow(delayMs, load, cpuBusy, null, null, ratio)
            : new LinkBenchRow(delayMs, load, cpuBusy, errors[errors.Count / 2], errors[(int)Math.Ceiling(0.99 * errors.Count) - 1], ratio);
    }

    /// <summary>
    /// A ring of WAN routers with two data centers (one host each) and two user sites
    /// hanging off it, <paramref name="nodes"/> namespaces in all, every link 1 ms.
    /// </summary>
    public static async Task<BuildBenchRow> RunBuildCaseAsync(RuntimeRoot root, LinkEmulation emulation, int nodes, CancellationToken cancellationToken)
    {
        var routers = Math.Max(2, nodes - 6);
        var ring = Enumerable.Range(0, routers).Select(i => new WanRouter($"r{i}")).ToList();
        var links = ring.Select((r, i) => new WanLink(r.Name, ring[(i + 1) % routers].Name, 1)).ToList();
        if (routers == 2)
        {
            links.RemoveAt(1);
        }

        links.AddRange(
        [
            new WanLink("dc1", ring[0].Name, 1),
            new WanLink("dc2", ring[routers / 2].Name, 1),
            new WanLink("u1", ring[routers / 4].Name, 1),
            new WanLink("u2", ring[3 * routers / 4].Name, 1),
        ]);
        var topology = new WanTopology
        {
            DataCenters = [new DataCenter("dc1"), new DataCenter("dc2")],
            WanRouters = ring,
            UserSites = [new UserSite("u1"), new UserSite("u2")],
            Links = links,
        };

        var run = RunDirectory.Create(root, $"bench-build-{Guid.NewGuid():N}"[..20]);
        WanNetwork wan;
        try
        {
            wan = await WanNetwork.BuildAsync(run, topology, emulation, cancellationToken: cancellationToken);
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }

        var build = wan.BuildTime;
        var teardown = Stopwatch.StartNew();
        await wan.DisposeAsync();
        await run.DisposeAsync();
        return new BuildBenchRow(topology.Nodes.Count() + 2, links.Count, build.TotalSeconds, teardown.Elapsed.TotalSeconds);
    }
}
