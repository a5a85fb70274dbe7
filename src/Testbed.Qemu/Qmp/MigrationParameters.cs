namespace Testbed.Qemu.Qmp;

/// <summary>migrate-set-parameters and query-migrate-parameters; only the fields that are set are sent.</summary>
/// <param name="DowntimeLimit">The longest pause QEMU aims for at switch-over, in milliseconds (QEMU's default is 300).</param>
/// <param name="MaxBandwidth">The migration stream's cap, in bytes per second.</param>
/// <param name="MultifdChannels">Parallel streams when multifd is on.</param>
/// <param name="XbzrleCacheSize">The cache of pages already sent that XBZRLE encodes deltas against, in bytes.</param>
public sealed record MigrationParameters(long? DowntimeLimit = null, long? MaxBandwidth = null, int? MultifdChannels = null, long? XbzrleCacheSize = null);
