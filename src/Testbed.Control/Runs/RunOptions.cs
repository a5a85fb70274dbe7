using Testbed.Lab.Doctor;
using Testbed.Lab.Runs;
using Testbed.Network.Wan;
using Testbed.Results.Summary;

namespace Testbed.Control.Runs;

/// <summary>Where a run writes and what it may choose: the command line's options, resolved.</summary>
public sealed record RunOptions
{
    /// <summary>
    /// Examines the machine before the run, for its accelerator and environment.json: the
    /// doctor, which the caller composes because only it knows every layer's probe.
    /// </summary>
    public required Func<RuntimeRoot, CancellationToken, Task<DoctorReport>> ExamineMachine { get; init; }

    /// <summary>Results go to ResultsRoot/EXPERIMENT/RUN_ID unless <see cref="OutputDirectory"/> says where.</summary>
    public required string ResultsRoot { get; init; }

    public string? OutputDirectory { get; init; }

    /// <summary>When set (a sweep's directory), the run goes to RunsDirectory/RUN_ID.</summary>
    public string? RunsDirectory { get; init; }

    /// <summary>For a run of a sweep: its point and repetition, written into summary.json.</summary>
    public SweepMembership? Sweep { get; init; }

    public LinkEmulation LinkEmulation { get; init; } = LinkEmulation.Auto;

    /// <summary>Everything to the run's log (run.log), not only the testbed's phases and steps and Orleans' warnings.</summary>
    public bool Verbose { get; init; }

    /// <summary>Why the run is stopped early, and whether to hurry its teardown; without one, a cancelled run is "interrupted".</summary>
    public RunInterruption? Interruption { get; init; }

    /// <summary>A PostgreSQL results database to write the run to while it goes (Grafana's live view); null: only at the end.</summary>
    public Testbed.Results.Store.ResultsDatabaseLocation? LiveResults { get; init; }

    /// <summary>Run over several lab machines; null: on this one, as always.</summary>
    public Cluster.ClusterRunOptions? Cluster { get; init; }

    /// <summary>How often progress is reported while the run goes on.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}
