using Testbed.Qemu.Qmp;
using Testbed.Workload.Records;

namespace Testbed.Qemu.Migration;

/// <summary>
/// Everything measured about one migration: QEMU's statistics (query-migrate at the
/// end), the timeline, and the figures derived from it. QEMU's own downtime is measured
/// at the source only; <see cref="RestoreMs"/> is the part it leaves out before the guest
/// runs again at the destination, and the client-side probe adds the network's part.
/// </summary>
public sealed record MigrationRecord(MigrationOutcome Outcome, MigrationInfo Statistics, MigrationTimeline Timeline, string? Error = null)
{
    public bool Succeeded => Outcome == MigrationOutcome.Completed;

    /// <summary>The settings the source really used; null when the migration failed before they were read.</summary>
    public AppliedMigrationSettings? Applied { get; init; }

    /// <summary>QEMU's own downtime, in ms.</summary>
    public long? QemuDowntimeMs => Statistics.Downtime;

    public long? QemuTotalMs => Statistics.TotalTime;

    /// <summary>Source completed to destination RESUME, in ms.</summary>
    public double? RestoreMs => Between(Timeline.SourceCompleted, Timeline.DestinationResume);

    /// <summary>How long the switch-over hook (the smart routers' switch) held the paused VM, in ms.</summary>
    public double? SwitchoverMs => Between(Timeline.PreSwitchover, Timeline.SwitchoverDone);

    /// <summary>Source STOP to destination RESUME: how long the guest ran nowhere, in ms.</summary>
    public double? PausedMs => Between(Timeline.SourceStop, Timeline.DestinationResume);

    private static double? Between(DateTimeOffset? from, DateTimeOffset? to) =>
        from is { } start && to is { } end ? (end - start).TotalMilliseconds : null;
}
