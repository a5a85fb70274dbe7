using System.Diagnostics;
using Testbed.Lab.Runs;
using Testbed.Network.Calibration;
using Testbed.Topology;
using Testbed.Network.Wan;
using Testbed.Results.Summary;

namespace Testbed.Cli.Bench;

/// <summary>
/// Measures the WAN emulation on this machine: how faithful a link's delay and rate are,
/// idle and loaded, and how long networks of growing size take to build and tear down.
/// </summary>
internal static class LinkBench
{
    private const int Probes = 50;


    /// <summary>Two routers and one link: the delay and rate under test, nothing else on the path.</summary>
    /// <remarks>
    /// With <paramref name="cpuBusy"/> above 0, that many processes spin on the CPU throughout
    /// (a TCG guest does the same), so that the rows show the emulator on a saturated host.
    /// </remarks>
    public static async Task<(IReadOnlyList<LinkBenchRow> Rows, LinkEmulation Chosen)> RunLinkCasesAsync(
        RuntimeRoot root, LinkEmulation emulation, double delayMs, double rateMbps, IReadOnlyList<int> loads, int cpuBusy, CancellationToken cancellationToken)
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
            Links = [new WanLink("a", "b", new LinkProperties(delayMs, BandwidthMbps: rateMbps))],
        };
        await using var wan = await WanNetwork.BuildAsync(run, topology, emulation, cancellationToken: cancellationToken);
        var (netnsA, netnsB) = (wan.Node("a").Namespace, wan.Node("b").Namespace);
        var addressB = wan.Plan.Links[0].B;
        await EchoProbe.RoundTripsMsAsync(netnsA, addressB, 1, TimeSpan.FromMilliseconds(10), cancellationToken: cancellationToken);

        var rows = new List<LinkBenchRow>();
        foreach (var load in loads)
        {
            // The seconds closed so far belong to earlier cases.
            wan.TakeEmulatedSeconds();
            var before = EmulatorSnapshot.Take(wan);
            var duration = TimeSpan.FromSeconds((Probes * 0.02) + 3);
            if (load == 0)
            {
                // Idle delay first; then the link's capacity, measured as calibration does.
                var idle = await EchoProbe.RoundTripsMsAsync(netnsA, addressB, Probes, TimeSpan.FromMilliseconds(20), cancellationToken: cancellationToken);
                var capacity = await LinkCalibrator.CapacityBitsPerSecondAsync(run, wan, 0, cancellationToken);
                rows.Add(Row(delayMs, rateMbps, load, cpuBusy, idle, capacity / (rateMbps * 1e6), before, EmulatorSnapshot.Take(wan), CaseLateness.Of(wan.TakeEmulatedSeconds())));
                continue;
            }

            // The probe runs while a flow takes its share of the link: UDP, or TCP held to the
            // rate where one UDP flow could not offer it.
            var offeredMbps = rateMbps * load / 100;
            var flow = rateMbps > LinkCalibrator.UdpRateLimitMbps
                ? IperfProbe.ThroughputBitsPerSecondAsync(run, netnsB, addressB, netnsA, duration, 1, streams: LinkCalibrator.TcpStreams, tcpMbps: offeredMbps, cancellationToken: cancellationToken)
                : IperfProbe.ThroughputBitsPerSecondAsync(run, netnsB, addressB, netnsA, duration, 1, offeredMbps, cancellationToken: cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken);
            var rtts = await EchoProbe.RoundTripsMsAsync(netnsA, addressB, Probes, TimeSpan.FromMilliseconds(20), cancellationToken: cancellationToken);
            var received = await flow;
            rows.Add(Row(delayMs, rateMbps, load, cpuBusy, rtts, received / (offeredMbps * 1e6), before, EmulatorSnapshot.Take(wan), CaseLateness.Of(wan.TakeEmulatedSeconds())));
        }

        return (rows, wan.Emulation);
    }

    /// <summary>
    /// <paramref name="links"/> router pairs, one link each, all loaded and probed at once:
    /// whether one emulator carries many links as faithfully as it carries one. The load is
    /// UDP, a frame per datagram, or with <paramref name="tcp"/> a TCP stream paced to the
    /// same rate, whose segments the emulator carries whole.
    /// </summary>
    public static async Task<ManyLinksBenchRow> RunManyLinksCaseAsync(
        RuntimeRoot root, LinkEmulation emulation, int links, double delayMs, double rateMbps, int load, bool tcp, CancellationToken cancellationToken)
    {
        await using var run = RunDirectory.Create(root, $"bench-many-{Guid.NewGuid():N}"[..19]);
        var pairs = Enumerable.Range(0, links).Select(i => (A: $"a{i}", B: $"b{i}")).ToList();
        var topology = new WanTopology
        {
            WanRouters = [.. pairs.SelectMany(p => (WanRouter[])[new(p.A), new(p.B)])],
            Links = [.. pairs.Select(p => new WanLink(p.A, p.B, new LinkProperties(delayMs, BandwidthMbps: rateMbps)))],
        };
        await using var wan = await WanNetwork.BuildAsync(run, topology, emulation, cancellationToken: cancellationToken);
        var ends = pairs.Select((p, i) => (A: wan.Node(p.A).Namespace, B: wan.Node(p.B).Namespace, AddressB: wan.Plan.Links[i].B)).ToList();
        foreach (var end in ends)
        {
            await EchoProbe.RoundTripsMsAsync(end.A, end.AddressB, 1, TimeSpan.FromMilliseconds(10), cancellationToken: cancellationToken);
        }

        var before = EmulatorSnapshot.Take(wan);
        var wall = Stopwatch.StartNew();
        var offeredMbps = rateMbps * load / 100;
        var duration = TimeSpan.FromSeconds((Probes * 0.02) + 3);
        var flows = ends.Select(end => IperfProbe.ThroughputBitsPerSecondAsync(run, end.B, end.AddressB, end.A, duration, 1,
            udpMbps: tcp ? null : offeredMbps, tcpMbps: tcp ? offeredMbps : null, cancellationToken: cancellationToken)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken);
        var probes = ends.Select(end => EchoProbe.RoundTripsMsAsync(end.A, end.AddressB, Probes, TimeSpan.FromMilliseconds(20), cancellationToken: cancellationToken)).ToList();
        var rtts = await Task.WhenAll(probes);
        var received = await Task.WhenAll(flows);
        var after = EmulatorSnapshot.Take(wan);
        var seconds = wall.Elapsed.TotalSeconds;

        var errors = rtts.Where(r => r.Count > 0).Select(r => DelayErrorsMs(r, delayMs)).ToList();
        double? worstMedian = errors.Count == 0 ? null : errors.Max(e => Percentiles.Of(e, 0.5));
        double? worstP99 = errors.Count == 0 ? null : errors.Max(e => Percentiles.Of(e, 0.99));
        var cpuMs = before is null || after is null ? (double?)null : (after.Cpu - before.Cpu).TotalMilliseconds;
        var bits = before is null || after is null ? 0 : (after.Bytes - before.Bytes) * 8.0;
        return new ManyLinksBenchRow(links, tcp ? "tcp" : "udp", rateMbps, delayMs, load, worstMedian, worstP99, received.Min() / (offeredMbps * 1e6), received.Sum() / 1e6,
            cpuMs is { } ms && bits > 0 ? ms * 1e9 / bits : null, cpuMs is { } used ? used / 10 / seconds : null);
    }

    private static LinkBenchRow Row(
        double delayMs, double rateMbps, int load, int cpuBusy, IReadOnlyList<double> rtts, double ratio, EmulatorSnapshot? before, EmulatorSnapshot? after, CaseLateness? lateness)
    {
        var errors = DelayErrorsMs(rtts, delayMs);
        double? median = errors.Count == 0 ? null : Percentiles.Of(errors, 0.5);
        double? p99 = errors.Count == 0 ? null : Percentiles.Of(errors, 0.99);
        if (before is null || after is null)
        {
            return new LinkBenchRow(delayMs, rateMbps, load, cpuBusy, median, p99, ratio, null, null, null, null, null, null);
        }

        var cpuMs = (after.Cpu - before.Cpu).TotalMilliseconds;
        var frames = after.Frames - before.Frames;
        var bits = (after.Bytes - before.Bytes) * 8.0;
        var totalLatenessNs = after.TotalLatenessNs - before.TotalLatenessNs;
        return new LinkBenchRow(delayMs, rateMbps, load, cpuBusy, median, p99, ratio,
            frames == 0 ? null : cpuMs * 10_000 / frames, bits == 0 ? null : cpuMs * 1e9 / bits,
            frames == 0 ? null : totalLatenessNs / 1000.0 / frames, lateness?.P50Us, lateness?.P99Us, after.EarliestNs / 1000.0);
    }

    /// <summary>Each echo's one-way delay error: half its round trip, less the link's configured delay.</summary>
    private static List<double> DelayErrorsMs(IReadOnlyList<double> roundTripsMs, double delayMs) =>
        [.. roundTripsMs.Select(rtt => (rtt / 2) - delayMs)];

    /// <summary>
    /// A ring of WAN routers with two data centers (one host each) and two user sites
    /// hanging off it, <paramref name="nodes"/> namespaces in all, every link 1 ms.
    /// </summary>
    public static Task<BuildBenchRow> RunBuildCaseAsync(RuntimeRoot root, LinkEmulation emulation, int nodes, CancellationToken cancellationToken) =>
        RunBuildCaseAsync(root, emulation, "ring", Ring(nodes), cancellationToken);

    /// <summary>A ring of WAN routers with two data centers and two user sites hanging off it, <paramref name="nodes"/> namespaces in all, every link 1 ms.</summary>
    private static WanTopology Ring(int nodes)
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
        return new WanTopology
        {
            DataCenters = [new DataCenter("dc1"), new DataCenter("dc2")],
            WanRouters = ring,
            UserSites = [new UserSite("u1"), new UserSite("u2")],
            Links = links,
        };
    }

    /// <summary>Builds <paramref name="topology"/>, measures every link once as a run's calibration does, and tears it down, timing each.</summary>
    public static async Task<BuildBenchRow> RunBuildCaseAsync(RuntimeRoot root, LinkEmulation emulation, string name, WanTopology topology, CancellationToken cancellationToken)
    {
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
        var calibrate = Stopwatch.StartNew();
        try
        {
            await LinkCalibrator.MeasureAsync(run, wan, cancellationToken);
            calibrate.Stop();
        }
        catch
        {
            await wan.DisposeAsync();
            await run.DisposeAsync();
            throw;
        }

        var teardown = Stopwatch.StartNew();
        await wan.DisposeAsync();
        await run.DisposeAsync();

        // Each data center's hosts are namespaces of their own beside its router.
        var namespaces = topology.Nodes.Count() + topology.DataCenters.Sum(d => d.Hosts);
        return new BuildBenchRow(name, namespaces, topology.Links.Count, build.TotalSeconds, calibrate.Elapsed.TotalSeconds, teardown.Elapsed.TotalSeconds);
    }
}
