using Testbed.Results.Summary;

namespace Testbed.Results.Files;

/// <summary>One run of a sweep in sweep.json: where it sits in the sweep, its seed, how it ended (summary.json's status), and its link fidelity.</summary>
public sealed record SweepManifestRun(string RunId, int Point, int Repetition, int Seed, bool Completed, string? Error, string? Fidelity = null)
{
    /// <summary>Null for sweeps from before runs had a status.</summary>
    public RunStatus? Status { get; init; }
}
