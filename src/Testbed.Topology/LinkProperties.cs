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
}
