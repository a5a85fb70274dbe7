using System.Net;
using System.Net.Sockets;
using Testbed.Experiments.Model;
using Testbed.Lab.Runs;
using Testbed.Mechanisms.Guests;
using Testbed.Mechanisms.Mobility;
using Testbed.Network.Calibration;
using Testbed.Network.Emulation;
using Testbed.Network.Wan;
using Testbed.Qemu.Host;
using Testbed.Qemu.Image;
using Testbed.Topology;
using Testbed.Topology.Routing;
using Testbed.Workload.Guests;
using Testbed.Workload.Probing;
using Testbed.Workload.Protocol;
using Testbed.Workload.Statistics;

namespace Testbed.Cli.Bench;

/// <summary>
/// Tools nobody here wrote against the testbed's own, through a mechanism to a real guest
/// (TCG) on the reference two-region WAN: the distro's ping beside the users' probe (the
/// same <see cref="ContinuousProber"/> testbed-client runs) over the same seconds, and
/// iperf3's byte counts beside the link emulator's.
/// </summary>
internal static class AgreementBench
{
    public const string Site = "near2";
    public const string DataCenter = "dc1";
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);
    public const int Echoes = 1000;
    private const int WarmUpEchoes = 20;
    public static readonly TimeSpan IperfTime = TimeSpan.FromSeconds(5);

    /// <summary>How far the users' ICMP probe's median may be from ping's; ping itself rounds round trips of tens of ms to 0.1 ms.</summary>
    public const double RoundTripToleranceMs = 0.5;

    /// <summary>How far the emulator's payload count may be from iperf3's, as a fraction.</summary>
    public const double ThroughputTolerance = 0.05;

    /// <summary>Ethernet (14), IPv4 (20) and TCP with the timestamp option Linux sends by default (32).</summary>
    private const int TcpFrameHeaderBytes = 14 + 20 + 32;

    /// <summary>Ethernet (14), IPv4 (20) and UDP (8).</summary>
    private const int UdpFrameHeaderBytes = 14 + 20 + 8;

    /// <summary>The UDP test's rate: well within what a TCG guest takes in, so that the guest's losses say nothing of the links.</summary>
    public const double UdpMbps = 20;

    private static readonly GuestSpec Guest = new("vm1", IPAddress.Parse("10.0.0.2"), "52:54:00:00:00:02", MemoryMib: GuestMemory.ToolsMinimumMib);

    public static async Task<AgreementBenchReport> RunAsync(RuntimeRoot root, GuestImage toolsImage, Accelerator accel, MechanismKind kind, CancellationToken cancellationToken)
    {
        await using var run = RunDirectory.Create(root, $"bench-agreement-{Guid.NewGuid():N}"[..26]);
        var topology = ReferenceTopologies.TwoRegions();
        await using var wan = await WanNetwork.BuildAsync(run, topology, cancellationToken: cancellationToken);
        await using var mechanism = await MobilityMechanisms.StartAsync(kind, run, wan, DataCenter, Experiment.DefaultReaddressTtl, cancellationToken: cancellationToken);
        await using var guest = await WanGuest.StartAsync(run, wan, toolsImage, Guest, DataCenter, addressing: mechanism.AddressingAt(Guest, DataCenter), accel: accel,
            cancellationToken: cancellationToken);
        await mechanism.PlaceAsync(Guest, DataCenter, cancellationToken);
        var target = mechanism.Directory.Resolver().Resolve(Guest.Name);
        var path = MechanismPaths.Of(kind, wan.Routes, DataCenter, Site, DataCenter)
            ?? throw new InvalidOperationException($"{Site} has no path to {DataCenter} under {kind.Name()}");

        var (ping, icmp, udp) = await RoundTripsAsync(wan, target, cancellationToken);
        var throughput = await ThroughputAsync(wan, target, cancellationToken);
        return new AgreementBenchReport(kind.Name(), Site, DataCenter, path.ForwardMs + path.ReturnMs, Interval.TotalMilliseconds, [ping, icmp, udp], RoundTripToleranceMs,
            icmp.P50LessPingMs is { } apart && Math.Abs(apart) <= RoundTripToleranceMs, throughput, ThroughputTolerance,
            throughput.All(t => Math.Abs(t.LinkOverIperf - 1) <= ThroughputTolerance));
    }

    /// <summary>
    /// ping, and the users' probe as ICMP echoes and as UDP datagrams to the guest's echo
    /// service, all at once for the same seconds from the same address: whatever the path or
    /// the guest does to one, it does to the others. The kernel answers ping and the ICMP
    /// probe; the guest's echo process answers the UDP one, which adds its turnaround.
    /// </summary>
    private static async Task<(RoundTripToolRow Ping, RoundTripToolRow Icmp, RoundTripToolRow Udp)> RoundTripsAsync(
        WanNetwork wan, IPAddress target, CancellationToken cancellationToken)
    {
        var source = wan.Plan.UserSite(Site).Clients;
        var netns = wan.Node(Site).Namespace;
        // Unmeasured first: neighbour resolution and the routers' first packets.
        await PingProbe.RoundTripsMsAsync(netns, target, WarmUpEchoes, Interval, source, cancellationToken);

        var icmp = new List<ProbeOutcome>();
        var udp = new List<ProbeOutcome>();
        using var icmpProber = new ContinuousProber(wan.UserSocket(Site, SocketType.Dgram, ProtocolType.Icmp), () => new IPEndPoint(target, 0), Interval, 0,
            outcome => Collect(icmp, outcome), ProbeProtocol.Icmp);
        using var udpProber = new ContinuousProber(wan.UserSocket(Site, SocketType.Dgram, ProtocolType.Udp), () => new IPEndPoint(target, ServicePorts.ProbeEcho), Interval, 0,
            outcome => Collect(udp, outcome), ProbeProtocol.Udp);
        icmpProber.Start();
        udpProber.Start();
        IReadOnlyList<double> ping;
        try
        {
            ping = await PingProbe.RoundTripsMsAsync(netns, target, Echoes, Interval, source, cancellationToken);
        }
        finally
        {
            icmpProber.StopSending();
            udpProber.StopSending();
        }

        await Task.WhenAll(icmpProber.Completion, udpProber.Completion).WaitAsync(ContinuousProber.LossTimeout * 5, cancellationToken);
        var pingRow = Row("ping (iputils)", Echoes, ping, null, null);
        return (pingRow, Row("testbed icmp probe", icmp, pingRow.P50Ms), Row("testbed udp probe (guest process answers)", udp, pingRow.P50Ms));
    }

    private static void Collect(List<ProbeOutcome> outcomes, ProbeOutcome outcome)
    {
        lock (outcomes)
        {
            outcomes.Add(outcome);
        }
    }

    private static RoundTripToolRow Row(string tool, List<ProbeOutcome> outcomes, double? pingP50Ms)
    {
        lock (outcomes)
        {
            return Row(tool, outcomes.Count, [.. outcomes.Where(o => o.RoundTrip is not null).Select(o => o.RoundTrip!.Value.TotalMilliseconds)], pingP50Ms,
                outcomes.Count == 0 ? null : NearestRank.Of([.. outcomes.Select(o => o.SendLate.TotalMilliseconds)], 0.5));
        }
    }

    /// <param name="pingP50Ms">Ping's median, to set this tool's against; null for ping itself.</param>
    private static RoundTripToolRow Row(string tool, int sent, IReadOnlyList<double> roundTripsMs, double? pingP50Ms, double? sendLateP50Ms)
    {
        if (roundTripsMs.Count == 0)
        {
            return new RoundTripToolRow(tool, sent, 0, null, null, null, sendLateP50Ms);
        }

        var p50 = NearestRank.Of(roundTripsMs, 0.5);
        return new RoundTripToolRow(tool, sent, roundTripsMs.Count, p50, NearestRank.Of(roundTripsMs, 0.99), p50 - pingP50Ms, sendLateP50Ms);
    }

    /// <summary>
    /// iperf3 from the user site to the guest's iperf3 server, UDP at <see cref="UdpMbps"/> and
    /// then TCP; the emulator's counters of every link direction are read just before and just
    /// after each test.
    /// </summary>
    private static async Task<IReadOnlyList<IperfAgreementRow>> ThroughputAsync(WanNetwork wan, IPAddress target, CancellationToken cancellationToken)
    {
        var directions = wan.Topology.Links.SelectMany((link, index) => (IEnumerable<(int Index, string From)>)[(index, link.A), (index, link.B)]).ToList();
        var rows = new List<IperfAgreementRow>();
        foreach (var udp in (bool[])[true, false])
        {
            var before = Read(wan, directions);
            var iperf = await IperfProbe.ClientReportAsync(wan.Node(Site).Namespace, target, IperfTime, udpMbps: udp ? UdpMbps : null,
                source: wan.Plan.UserSite(Site).Clients, cancellationToken: cancellationToken);
            var after = Read(wan, directions);
            rows.Add(Compare(wan, directions, before, after, iperf, udp));
        }

        return rows;
    }

    private static Dictionary<(int Index, string From), LinkCounters> Read(WanNetwork wan, IEnumerable<(int Index, string From)> directions) =>
        directions.ToDictionary(d => d, d => wan.EmulatedCounters(d.Index, d.From)
            ?? throw new InvalidOperationException("the links are emulated by netem: the kernel keeps no per-link counters to compare iperf3 with"));

    private static IperfAgreementRow Compare(
        WanNetwork wan, IReadOnlyList<(int Index, string From)> directions, Dictionary<(int Index, string From), LinkCounters> before,
        Dictionary<(int Index, string From), LinkCounters> after, IperfReport iperf, bool udp)
    {
        (long Frames, long Bytes) Carried((int, string) key) => (after[key].DeliveredWireFrames - before[key].DeliveredWireFrames, after[key].DeliveredBytes - before[key].DeliveredBytes);
        string To((int Index, string From) key) => wan.Topology.Links[key.Index] is var link && link.A == key.From ? link.B : link.A;
        string Name((int Index, string From) key) => $"{wan.Topology.Links[key.Index].A}-{wan.Topology.Links[key.Index].B}";

        // What the link must have carried by iperf3's account: every datagram sent; for TCP, what the receiver got (see IperfAgreementRow).
        var iperfBytes = udp ? iperf.SentBytes : iperf.ReceivedBytes;
        var header = udp ? UdpFrameHeaderBytes : TcpFrameHeaderBytes;
        var access = directions.First(d => d.From == Site);
        var (accessFrames, accessBytes) = Carried(access);

        // The links that carried the flow: each direction with at least half the access link's frames (a TCP flow's acknowledgements go the other way, fewer).
        var carried = directions.Select(key => (Key: key, Counts: Carried(key))).Where(c => accessFrames > 0 && c.Counts.Frames * 2 >= accessFrames)
            .Select(c => new LinkCarriedRow(Name(c.Key), $"{c.Key.From}>{To(c.Key)}", c.Counts.Frames, c.Counts.Bytes, (c.Counts.Bytes - iperfBytes) / (double)c.Counts.Frames))
            .ToList();
        var payload = accessBytes - (accessFrames * header);
        return new IperfAgreementRow(udp ? "udp" : "tcp", iperf.Seconds, iperf.ReceivedBitsPerSecond / 1e6, udp ? "sent" : "received", iperfBytes,
            iperf.SentPackets, iperf.LostPackets, iperf.Retransmits, $"{Name(access)} {Site}>{To(access)}", accessFrames, accessBytes, header, payload,
            iperfBytes == 0 ? double.NaN : payload / (double)iperfBytes, carried);
    }
}
