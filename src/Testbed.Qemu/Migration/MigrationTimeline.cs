namespace Testbed.Qemu.Migration;

/// <summary>
/// Wall-clock times of one migration's steps. QEMU stamps its events with the host's wall
/// clock, and both QEMUs run on this host, so source and destination times compare
/// directly with each other and with the testbed's own clock.
/// </summary>
public sealed record MigrationTimeline
{
    /// <summary>When the migrate command was sent.</summary>
    public required DateTimeOffset Started { get; init; }

    /// <summary>The source VM's STOP: the guest stops running here.</summary>
    public DateTimeOffset? SourceStop { get; init; }

    /// <summary>The source reached pre-switchover, paused, and the switch-over hook began.</summary>
    public DateTimeOffset? PreSwitchover { get; init; }

    /// <summary>The switch-over hook returned and migrate-continue was sent.</summary>
    public DateTimeOffset? SwitchoverDone { get; init; }

    /// <summary>The source reported the migration completed.</summary>
    public DateTimeOffset? SourceCompleted { get; init; }

    /// <summary>The destination VM's RESUME: the guest runs again, now at the destination.</summary>
    public DateTimeOffset? DestinationResume { get; init; }

    /// <summary>Every MIGRATION status the source went through, with its time.</summary>
    public IReadOnlyList<MigrationState> SourceStates { get; init; } = [];
}
