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
    string? ErrorDesc);
