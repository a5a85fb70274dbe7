namespace Testbed.Qemu.Qmp;

/// <summary>The "ram" part of query-migrate; byte counts unless named otherwise.</summary>
public sealed record MigrationRamStatistics(
    long Transferred,
    long Remaining,
    long Total,
    long Duplicate,
    long Normal,
    long NormalBytes,
    long DirtySyncCount,
    double Mbps,
    long DirtyPagesRate,
    long PageSize);
