using Testbed.Topology;

namespace Testbed.Network.Emulation;

/// <summary>What one direction of an emulated link does to packets now; replaced whole when the link changes.</summary>
public sealed record LinkShape(double DelayMs, double JitterMs = 0, double LossPercent = 0, double? BandwidthMbps = null,
    int QueuePackets = LinkProperties.DefaultQueuePackets, bool Up = true)
{
    public static LinkShape From(LinkProperties properties, double delayMs) =>
        new(delayMs, properties.JitterMs, properties.LossPercent, properties.BandwidthMbps, properties.QueuePackets);
}
