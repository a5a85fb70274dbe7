namespace Testbed.Workload.Records;

/// <summary>How a live migration or a replica's clone ended, as QEMU's migration status says it.</summary>
public enum MigrationOutcome
{
    /// <summary>"completed": the guest runs at the destination (or the clone runs beside its source).</summary>
    Completed,

    /// <summary>"failed": QEMU gave up, or the testbed could not finish the move; the source still runs.</summary>
    Failed,

    /// <summary>"cancelled": the run was stopped while the migration went on; the source still runs.</summary>
    Cancelled,
}
