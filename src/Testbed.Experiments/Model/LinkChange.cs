namespace Testbed.Experiments.Model;

/// <summary>What a set_link event changes on a link; what it leaves null stays as it was.</summary>
public sealed record LinkChange(double? DelayMs, double? JitterMs, double? LossPercent, double? BandwidthMbps, int? QueuePackets);
