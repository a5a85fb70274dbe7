using Testbed.Results.Files;
using Testbed.Results.Records;
using Testbed.Results.Summary;

namespace Testbed.Results.Reading;

/// <summary>
/// One run's results directory read back: its summary (null when the run was cut short
/// before writing one), its rows, its events and its link calibration.
/// </summary>
public sealed record RunResults(
    string Directory,
    RunSummary? Summary,
    RecordedRun Recorded,
    IReadOnlyList<EventRow> Events,
    IReadOnlyList<CalibrationRow> Calibration)
{
    /// <summary>The run's id as its events gave it, for a run read before it has a summary.</summary>
    public string? KnownRunId { get; init; }

    /// <summary>The run id: from the summary, or else as known, or else the directory's name.</summary>
    public string RunId => Summary?.RunId ?? KnownRunId ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Directory));
}
