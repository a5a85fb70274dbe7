namespace Testbed.Control.Contracts;

/// <summary>What a timeline step changes on a WAN link; what it leaves null stays as it is.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record LinkSettingChange(double? DelayMs, double? JitterMs, double? LossPercent, double? BandwidthMbps, int? QueuePackets);
