using Testbed.Results.Summary;

namespace Testbed.Control.Runs;

/// <summary>Where a run's results are, and its summary (written to summary.json too, unless <see cref="SummaryNotWritten"/> says why not).</summary>
public sealed record RunOutcome(string Directory, RunSummary Summary)
{
    /// <summary>Null when summary.json was written; otherwise its path and the error, on one line.</summary>
    public string? SummaryNotWritten { get; init; }
}
