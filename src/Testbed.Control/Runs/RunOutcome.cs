using Testbed.Results.Summary;

namespace Testbed.Control.Runs;

/// <summary>Where a run's results are, and its summary (written to summary.json too).</summary>
public sealed record RunOutcome(string Directory, RunSummary Summary);
