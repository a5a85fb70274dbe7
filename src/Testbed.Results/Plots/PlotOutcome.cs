namespace Testbed.Results.Plots;

/// <summary>
/// One plot of a report: drawn into <see cref="Path"/>, or not drawn because the run has no
/// data for it (<see cref="SkippedBecause"/> says why, for the report to tell the reader).
/// </summary>
public sealed record PlotOutcome(string Title, string? Path, string? SkippedBecause)
{
    public static PlotOutcome Drawn(string title, string path) => new(title, path, null);

    public static PlotOutcome Skipped(string title, string because) => new(title, null, because);
}
