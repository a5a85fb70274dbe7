using System.Globalization;
using System.Text;
using Testbed.Lab.Runs;
using Testbed.Network.Wan;
using Testbed.Workload.Statistics;

namespace Testbed.Network.Calibration;

/// <summary>
/// Measures every shaped WAN link after the build, one at a time so that they do not
/// share the CPU: its round trip with about 20 ICMP echoes, timed to the microsecond, over the link alone, and, where it has
/// a bandwidth, the rate iperf3 gets through it. A network that differs from its
/// configuration is refused before an experiment measures anything on it.
/// </summary>
public static class LinkCalibrator
{
    public const int Probes = 20;

    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// A UDP burst offered at 110% of the rate, its first second left out: the receiver gets
    /// the link's capacity whatever the delay (over a one-second burst a 100 ms link measured
    /// 0.83 of its rate, the echo of the delay). TCP would not fill a long fat pipe (100
    /// Mbit/s over 200 ms) within a short burst, and would fail a faithful link.
    /// </summary>
    public static readonly TimeSpan ThroughputDuration = TimeSpan.FromSeconds(2);

    public const int ThroughputOmittedSeconds = 1;

    public const double BurstOverdrive = 1.1;

    /// <summary>
    /// Above this rate a UDP burst is measured short here (a 200 Mbit/s link delivered 169 of
    /// the 220 offered: iperf3 3.12 is one thread, and every datagram is a system call and a
    /// wake-up of the emulator), so the rate is measured with TCP, which the kernel hands
    /// over in 64 KiB segments: <see cref="TcpStreams"/> streams, their first second left
    /// out, then two seconds measured.
    /// </summary>
    public const double UdpRateLimitMbps = 100;

    public const int TcpStreams = 4;

    private const int TcpMeasuredSeconds = 2;

    /// <summary>How many times a link off its configuration is measured before the run is refused.</summary>
    public const int Attempts = 3;

    /// <summary>How many links' delays are measured at the same time.</summary>
    public const int DelayProbesAtOnce = 8;

    public static Task<IReadOnlyList<LinkCalibration>> MeasureAsync(RunDirectory run, WanNetwork wan, CancellationToken cancellationToken = default) =>
        MeasureAsync(run, wan, _ => true, cancellationToken);

    private static async Task<IReadOnlyList<LinkCalibration>> MeasureAsync(RunDirectory run, WanNetwork wan, Func<int, bool> measured, CancellationToken cancellationToken)
    {
        // A link cut between hosts is measured by the host of its A end, which emulates it, through the tunnel.
        var links = wan.LinkPorts.Where(p => p.Shaped && wan.Owns(p.LinkIndex) && measured(p.LinkIndex)).Select(p => p.LinkIndex).ToList();

        // Delays first, several links at once: twenty echoes are a few hundred packets a second
        // for the emulator however many links they cross, and each link's are told apart by
        // their ICMP identifier. A network of seventy links is measured in seconds, not minutes.
        var delays = new (double? Median, double? P99)[links.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, links.Count), new ParallelOptions { MaxDegreeOfParallelism = DelayProbesAtOnce, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var link = wan.Topology.Links[links[i]];
            var netnsA = wan.Node(link.A).Namespace;
            var addressB = wan.Plan.Links[links[i]].B;

            // The first echo waits for ARP; it is not the link's delay.
            await EchoProbe.RoundTripsMsAsync(netnsA, addressB, 1, ProbeInterval, cancellationToken: token);
            var rtts = await EchoProbe.RoundTripsMsAsync(netnsA, addressB, Probes, ProbeInterval, cancellationToken: token);
            delays[i] = rtts.Count == 0 ? (null, null) : (NearestRank.Of(rtts, 0.5) / 2, NearestRank.Of(rtts, 0.99) / 2);
        });

        // Throughput one link at a time: a stream at a link's rate takes what CPU the machine
        // has, so two at once would measure the machine, not the links.
        var results = new List<LinkCalibration>();
        for (var i = 0; i < links.Count; i++)
        {
            var link = wan.Topology.Links[links[i]];
            var setting = wan.LinkSetting(links[i]);
            double? mbps = setting.BandwidthMbps is null ? null : await CapacityBitsPerSecondAsync(run, wan, links[i], cancellationToken) / 1e6;
            results.Add(new LinkCalibration(links[i], link.A, link.B, setting.DelayMs!.Value, delays[i].Median, delays[i].P99, setting.BandwidthMbps, mbps, wan.Emulation));
        }

        return results;
    }

    /// <summary>
    /// What a rate-limited link carries from its A end to its B end, in bits per second of
    /// payload: a UDP burst at 110% of the rate, or above <see cref="UdpRateLimitMbps"/> TCP.
    /// </summary>
    /// <remarks>
    /// TCP measures the rate limiter with the link's delay, jitter and loss set aside for the
    /// measurement, and put back after it. Over the whole link it would measure TCP instead:
    /// a 1 Gbit/s, 100 ms link holds 25 MB in flight, and its queue of 1000 packets is a
    /// twentieth of that, so the streams' windows collapse at each drop and carried 0.43 to
    /// 0.74 of the rate here, while the same limiter over 10 ms carried 0.96. The delay is
    /// what the echoes measure; the rate is the limiter's. A UDP burst is not held back by a
    /// window, so it measures the link as it is.
    /// </remarks>
    public static async Task<double> CapacityBitsPerSecondAsync(RunDirectory run, WanNetwork wan, int linkIndex, CancellationToken cancellationToken = default)
    {
        var link = wan.Topology.Links[linkIndex];
        var setting = wan.LinkSetting(linkIndex);
        var rateMbps = setting.BandwidthMbps ?? throw new ArgumentException($"link {link.A}-{link.B} has no rate limit to measure");
        if (wan.IsCut(linkIndex))
        {
            // iperf3's server would have to run on the other host; a cluster run keeps rate-limited links whole (ClusterPlan).
            throw new NotSupportedException($"link {link.A}-{link.B} is cut between hosts and has a bandwidth: its rate cannot be measured from one end; keep both ends on one host");
        }

        var (serverNetns, serverAddress, clientNetns) = (wan.Node(link.B).Namespace, wan.Plan.Links[linkIndex].B, wan.Node(link.A).Namespace);
        if (rateMbps <= UdpRateLimitMbps)
        {
            return await IperfProbe.ThroughputBitsPerSecondAsync(run, serverNetns, serverAddress, clientNetns, ThroughputDuration, ThroughputOmittedSeconds,
                rateMbps * BurstOverdrive, cancellationToken: cancellationToken);
        }

        await wan.SetLinkAsync(linkIndex, setting with { DelayMs = 0, JitterMs = 0, LossPercent = 0 }, cancellationToken);
        try
        {
            return await IperfProbe.ThroughputBitsPerSecondAsync(run, serverNetns, serverAddress, clientNetns, TimeSpan.FromSeconds(ThroughputOmittedSeconds + TcpMeasuredSeconds),
                ThroughputOmittedSeconds, streams: TcpStreams, cancellationToken: cancellationToken);
        }
        finally
        {
            await wan.SetLinkAsync(linkIndex, setting, CancellationToken.None);
        }
    }

    /// <summary>
    /// Measures every link, measuring again those that were off; the caller records the
    /// results (calibration.csv) and then refuses to run on them with <see cref="EnsurePassed"/>.
    /// </summary>
    public static async Task<IReadOnlyList<LinkCalibration>> CalibrateAsync(RunDirectory run, WanNetwork wan, CancellationToken cancellationToken = default)
    {
        var results = await MeasureAsync(run, wan, cancellationToken);

        // A burst of load on the host (a guest booting, the last run's teardown) can delay a
        // set of echoes; a link that is really mis-set is off every time.
        for (var attempt = 1; attempt < Attempts; attempt++)
        {
            var off = results.Where(r => !r.Ok).Select(r => r.LinkIndex).ToHashSet();
            if (off.Count == 0)
            {
                break;
            }

            var again = await MeasureAsync(run, wan, off.Contains, cancellationToken);
            results = [.. results.Select(r => again.FirstOrDefault(a => a.LinkIndex == r.LinkIndex) ?? r)];
        }

        return results;
    }

    /// <summary>Throws <see cref="CalibrationFailedException"/>, with the table, when any link is off.</summary>
    public static IReadOnlyList<LinkCalibration> EnsurePassed(IReadOnlyList<LinkCalibration> results) =>
        results.All(r => r.Ok) ? results : throw new CalibrationFailedException(results);

    /// <summary>A plain-text table, one link a row, the failing ones marked.</summary>
    public static string Table(IReadOnlyList<LinkCalibration> results)
    {
        static string F(double? v, string format = "0.00") => v?.ToString(format, CultureInfo.InvariantCulture) ?? "-";
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"link",-20} {"emulation",-9} {"delay ms",9} {"measured",9} {"error",7} {"allowed",8} {"Mbit/s",8} {"measured",9} {"ratio",6}  verdict");
        foreach (var r in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{r.Name,-20} {r.EmulationName,-9} {F(r.ConfiguredDelayMs),9} {F(r.MeasuredDelayMs),9} {F(r.DelayErrorMs),7} {F(r.DelayToleranceMs),8} {F(r.ConfiguredMbps, "0.#"),8} {F(r.MeasuredMbps, "0.#"),9} {F(r.ThroughputRatio),6}  {(r.Ok ? "ok" : r.DelayOk ? "OFF (bandwidth)" : "OFF (delay)")}");
        }

        return text.ToString().TrimEnd();
    }
}
