namespace Testbed.Control.Contracts;

/// <summary>
/// One migrate event's own migration settings, which override the service's; a null field
/// leaves the service's (or QEMU's) setting.
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record MigrationOptions(
    double? DowntimeLimitMs = null, double? MaxBandwidthMbps = null, int? MultifdChannels = null, bool? Postcopy = null, long? XbzrleCacheBytes = null, bool? AutoConverge = null);
