namespace Testbed.Experiments.Model;

/// <summary>
/// How QEMU live-migrates a service, as an experiment file sets it: per service, and per
/// migrate event over that. A null field leaves QEMU's (or the service's) setting.
/// </summary>
public sealed record MigrationSpec(
    TimeSpan? DowntimeLimit = null,
    double? MaxBandwidthMbps = null,
    int? MultifdChannels = null,
    bool? Postcopy = null,
    long? XbzrleCacheBytes = null,
    bool? AutoConverge = null)
{
    public static readonly MigrationSpec Default = new();

    /// <summary>This spec's fields, and <paramref name="fallback"/>'s where this one leaves them.</summary>
    public MigrationSpec Over(MigrationSpec? fallback) => fallback is null ? this : new(
        DowntimeLimit ?? fallback.DowntimeLimit,
        MaxBandwidthMbps ?? fallback.MaxBandwidthMbps,
        MultifdChannels ?? fallback.MultifdChannels,
        Postcopy ?? fallback.Postcopy,
        XbzrleCacheBytes ?? fallback.XbzrleCacheBytes,
        AutoConverge ?? fallback.AutoConverge);
}
