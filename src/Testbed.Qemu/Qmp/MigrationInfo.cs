namespace Testbed.Qemu.Qmp;

/// <summary>
/// query-migrate. Times are in milliseconds. <see cref="Downtime"/> is QEMU's own figure,
/// measured at the source only: it leaves out the network's part of what users see.
/// Fields QEMU has not reported yet (before the migration starts or completes) are null.
/// </summary>
public sealed record MigrationInfo(
    string? Status,
    long? TotalTime,
    long? Downtime,
    long? ExpectedDowntime,
    long? SetupTime,
    MigrationRamStatistics? Ram,
    string? ErrorDesc)
{
    /// <summary>Nothing reported: a migration that ended before QEMU could be asked (it never started, or its source is gone).</summary>
    public static MigrationInfo None { get; } = new(null, null, null, null, null, null, null);
}
