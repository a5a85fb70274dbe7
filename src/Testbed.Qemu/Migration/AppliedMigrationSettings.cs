using System.Globalization;

namespace Testbed.Qemu.Migration;

/// <summary>
/// The settings a source QEMU really migrated with, read back with query-migrate-parameters
/// and query-migrate-capabilities once they were set: what a run records, whatever it asked
/// for. <see cref="MaxBandwidthBytesPerSecond"/> is QEMU's cap (its default is 128 MiB/s);
/// <see cref="MultifdChannels"/> and <see cref="XbzrleCacheBytes"/> are null when their
/// capability is off.
/// </summary>
public sealed record AppliedMigrationSettings(
    long? DowntimeLimitMs, long? MaxBandwidthBytesPerSecond, int? MultifdChannels, long? XbzrleCacheBytes, bool Postcopy, bool AutoConverge, bool PauseBeforeSwitchover)
{
    /// <summary>One line of key=value pairs, the form migrations.csv keeps.</summary>
    public override string ToString() => string.Join(' ',
    [
        Pair("downtime_limit_ms", DowntimeLimitMs),
        Pair("max_bandwidth_bytes_per_s", MaxBandwidthBytesPerSecond),
        Pair("multifd_channels", MultifdChannels),
        Pair("xbzrle_cache_bytes", XbzrleCacheBytes),
        $"postcopy={Flag(Postcopy)}",
        $"auto_converge={Flag(AutoConverge)}",
        $"pause_before_switchover={Flag(PauseBeforeSwitchover)}",
    ]);

    private static string Pair(string key, long? value) => $"{key}={(value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "off")}";

    private static string Flag(bool value) => value ? "on" : "off";
}
