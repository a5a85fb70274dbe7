namespace Testbed.Results.Reporting;

/// <summary>What <see cref="RunReport.Write"/> wrote: report.md and each plot, as full paths.</summary>
public sealed record ReportFiles(string Report, IReadOnlyList<string> Plots)
{
    public IReadOnlyList<string> All => [Report, .. Plots];
}
