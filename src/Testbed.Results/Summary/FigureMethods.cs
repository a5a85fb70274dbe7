using System.Globalization;

namespace Testbed.Results.Summary;

/// <summary>
/// How each figure of summary.json is measured, in a sentence, with its resolution where
/// the run's settings decide it: a number is only as good as the way it was taken.
/// </summary>
public static class FigureMethods
{
    /// <param name="probeIntervalMs">The users' probe interval; null for a run that did not record it.</param>
    /// <param name="probeProtocol">"icmp" or "udp"; null for a run that did not record it.</param>
    public static IReadOnlyDictionary<string, string> Describe(double? probeIntervalMs, string? probeProtocol)
    {
        var interval = probeIntervalMs is { } ms ? ms.ToString("0.###", CultureInfo.InvariantCulture) + " ms" : "the probe interval";
        var probes = probeProtocol switch
        {
            "icmp" => "ICMP echoes, which the guest's kernel answers",
            "udp" => "UDP echoes, which a process in the guest answers",
            _ => "probes",
        };
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["percentiles"] = "Nearest rank: the p-th percentile is the smallest recorded value with at least p% of the values at or below it, so every percentile is a value that was measured.",
            ["response_time_ms"] = "Per group and phase, percentiles of the latency of the requests answered, from when each was due to leave the client to its answer's arrival in the client's kernel. A phase runs between timeline events and each migration's or replication's start and end.",
            ["response_time_excess_ms"] = "Each request set against the configured round trip to the copy that answered it, as the mechanism routes it (paths.csv), plus the service time; then also less that guest's own turnaround p50 (guest-calibration.csv). Medians over the phase's requests.",
            ["guest_calibration"] = "Before the timeline, from the guest's hypervisor host across its bridge: ICMP echoes (icmp) and UDP echoes (echo) every 5 ms, then requests of the groups' size one at a time; the first 50 echoes of each kind and 10 requests are not counted. Turnaround is the round trip less the service time.",
            ["client_downtime_ms"] = $"Per user site, the silence in the users' {probes}: from the last answer received at or before the destination's RESUME to the first answer to a probe sent after it. Probes leave every {interval}, so it is known to {interval}.",
            ["convergence_ms"] = $"From the destination's RESUME (QEMU's event) to the first answer to a probe sent after it; known to {interval}.",
            ["answers_in_flight_ms"] = "From the source's STOP (QEMU's event) to the last probe answer before the RESUME: answers the guest had sent that were still reaching the site.",
            ["qemu_downtime_ms"] = "QEMU's own figure (query-migrate), taken at the source from its stop to its completion; it includes the switch-over inside the pause.",
            ["source_pause_ms"] = "The source's STOP to its completion, from QEMU's events.",
            ["restore_ms"] = "The source's completion to the destination's RESUME, from QEMU's events; in flight plus load.",
            ["in_flight_ms"] = "The source's completion to the last migration payload seen on the destination host's bridge (read by a packet socket, so a frame counts when this host read it).",
            ["load_ms"] = "That last payload to the destination's RESUME.",
            ["path_ready_ms"] = "From RESUME to the first IPv4 frame the destination's tap carried to the guest after the source stopped; negative when the network was ready before the guest ran.",
            ["guest_first_frame_ms"] = "From RESUME to the resumed guest's first IPv4 frame on its tap.",
        };
    }
}
