namespace Testbed.Topology;

/// <summary>
/// What a link does to packets, the same in both directions, as netem plus tbf would do it.
/// </summary>
/// <param name="DelayMs">One-way delay; null means "from geography" (both ends need a location).</param>
/// <param name="JitterMs">Uniform variation around the delay; packets are never reordered by it.</param>
/// <param name="LossPercent">Independent random loss, 0 to 100.</param>
/// <param name="BandwidthMbps">Rate limit; null means the link is as fast as the host can carry.</param>
/// <param name="QueuePackets">Packets that may wait for the rate limit before the next is dropped.</param>
public sealed record LinkProperties(
    double? DelayMs = null,
    double JitterMs = 0,
    double LossPercent = 0,
    double? BandwidthMbps = null,
    int QueuePackets = LinkProperties.DefaultQueuePackets)
{
    /// <summary>netem's default limit.</summary>
    public const int DefaultQueuePackets = 1000;

    /// <summary>A hundred thousand full-size packets is 150 MB queued on one link: more is a typo, not a buffer.</summary>
    public const int MaxQueuePackets = 100_000;

    /// <summary>These properties with what <paramref name="change"/> sets; what it leaves null stays as it is.</summary>
    public LinkProperties Changed(double? delayMs, double? jitterMs, double? lossPercent, double? bandwidthMbps, int? queuePackets) =>
        new(delayMs ?? DelayMs, jitterMs ?? JitterMs, lossPercent ?? LossPercent, bandwidthMbps ?? BandwidthMbps, queuePackets ?? QueuePackets);

    /// <summary>
    /// What a link cannot be set to, by field (delay_ms, jitter_ms, loss_pct, bandwidth_mbps,
    /// queue_packets): the same rules for a link as written and for one a timeline event changes.
    /// A delay left to geography is the topology's to check.
    /// </summary>
    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (DelayMs is { } delay && (!double.IsFinite(delay) || delay < 0 || delay > WanTopology.MaxDelayMs))
        {
            yield return ("delay_ms", $"{delay} ms: a delay is 0 to {WanTopology.MaxDelayMs} ms");
        }

        if (!double.IsFinite(JitterMs) || JitterMs < 0)
        {
            yield return ("jitter_ms", $"{JitterMs} ms: jitter cannot be negative");
        }
        else if (DelayMs is { } d && JitterMs > d)
        {
            yield return ("jitter_ms", $"{JitterMs} ms of jitter around {d} ms of delay would need negative delays");
        }

        if (!double.IsFinite(LossPercent) || LossPercent is < 0 or > 100)
        {
            yield return ("loss_pct", $"{LossPercent}%: loss is 0 to 100%");
        }

        if (BandwidthMbps is { } rate && (!double.IsFinite(rate) || rate <= 0 || rate > WanTopology.MaxBandwidthMbps))
        {
            yield return ("bandwidth_mbps", $"{rate} Mbit/s: a bandwidth is above 0 and at most {WanTopology.MaxBandwidthMbps} Mbit/s");
        }

        if (QueuePackets is < 1 or > MaxQueuePackets)
        {
            yield return ("queue_packets", $"{QueuePackets} packets: a queue holds 1 to {MaxQueuePackets}");
        }
    }
}
