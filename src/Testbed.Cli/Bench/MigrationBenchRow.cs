namespace Testbed.Cli.Bench;

/// <summary>
/// One case of the migration benchmark. Times in ms; <see cref="DirtyMbps"/> is the
/// guest's dirtying load in MB/s (megabytes); <see cref="LinkMbps"/> is in Mbit/s.
/// <see cref="ModelTotalMs"/> is the simple model's migration time, RAM / bandwidth.
/// </summary>
internal sealed record MigrationBenchRow(
    int MemoryMib,
    double LinkMbps,
    double DirtyMbps,
    string Outcome,
    long? QemuTotalMs,
    long? QemuDowntimeMs,
    double? RestoreMs,
    double? ConvergenceMs,
    double? ClientDowntimeMs,
    long? Bytes,
    double ModelTotalMs);
