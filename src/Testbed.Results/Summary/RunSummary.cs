namespace Testbed.Results.Summary;

/// <summary>
/// summary.json: what ran, on what, and what it measured. <see cref="ResponseTimeMs"/> is
/// keyed by user group, then by timeline phase name.
/// </summary>
public sealed record RunSummary
{
    public required string Experiment { get; init; }

    public required string RunId { get; init; }

    public required string Mechanism { get; init; }

    public required string Policy { get; init; }

    public required string LinkEmulation { get; init; }

    public required string Accel { get; init; }

    public required int Seed { get; init; }

    public required double DurationS { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>False when the run was interrupted or failed; the figures cover what was recorded.</summary>
    public required bool Completed { get; init; }

    public string? Error { get; init; }

    /// <summary>How the run went, from <see cref="Completed"/>, the faults and the links' fidelity; null for runs from before it was recorded.</summary>
    public RunStatus? Status { get; init; }

    /// <summary>The failures the experiment did not script, in the order they happened.</summary>
    public IReadOnlyList<Records.RunFault> Faults { get; init; } = [];

    /// <summary>Null for a run on its own; for a run of a sweep, its point and repetition.</summary>
    public SweepMembership? Sweep { get; init; }

    public required IReadOnlyList<TimelinePhase> Phases { get; init; }

    public required IReadOnlyList<MigrationSummary> Migrations { get; init; }

    public required IReadOnlyList<ReplicationSummary> Replications { get; init; }

    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, ResponseTimeStatistics>> ResponseTimeMs { get; init; }

    public required RequestTotals Requests { get; init; }

    /// <summary>The users' probe interval: the resolution of every downtime figure. Null for runs from before it was recorded.</summary>
    public double? ProbeIntervalMs { get; init; }

    /// <summary>"icmp" (the guest's kernel answers) or "udp" (a guest process answers); null for runs from before it was recorded.</summary>
    public string? ProbeProtocol { get; init; }

    /// <summary>Simulated seconds per second of the run, which the groups' mobility played at (1: real time); null for runs from before it was recorded.</summary>
    public double? TimeCompression { get; init; }

    /// <summary>How many times each group's users changed site (handovers.csv); a group that never did is not listed.</summary>
    public IReadOnlyDictionary<string, int> Handovers { get; init; } = new Dictionary<string, int>();

    /// <summary>How each figure was measured, keyed by its name in this file.</summary>
    public IReadOnlyDictionary<string, string> Methods { get; init; } = new Dictionary<string, string>();

    /// <summary>Each guest's own turnaround, measured before the timeline (guest-calibration.csv); empty for runs from before it was measured.</summary>
    public IReadOnlyList<Records.GuestCalibrationRow> GuestCalibration { get; init; } = [];

    /// <summary>Keyed by user group, then phase: the response time against the configured path, the service time and the guest's turnaround.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, ResponseTimeExcess>> ResponseTimeExcessMs { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, ResponseTimeExcess>>();

    /// <summary>
    /// What the CPU did in each timeline phase (keyed by phase name): the harness, the
    /// guests, and what was left idle. A phase without CPU rows (a run recorded before
    /// cpu.csv existed) is absent.
    /// </summary>
    public IReadOnlyDictionary<string, PhaseCpu> Cpu { get; init; } = new Dictionary<string, PhaseCpu>();

    /// <summary>Whether the link emulator kept to the links' configuration; a degraded run's figures describe another network.</summary>
    public LinkFidelity Fidelity { get; init; } = LinkFidelity.Unmeasured;
}
