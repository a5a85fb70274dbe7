using Testbed.Results.Records;
using Testbed.Results.Summary;

namespace Testbed.Results.Reporting;

/// <summary>
/// The stretch of a migration during which a user site got no answer, on the run's clock.
/// It ends at the first answer to a probe sent after the destination's RESUME, which is
/// RESUME plus the site's convergence; it began one client downtime before that, at the
/// last answer before the RESUME.
/// </summary>
public sealed record DowntimeWindow(string Site, double StartS, double EndS)
{
    public double DurationMs => (EndS - StartS) * 1000;

    /// <summary>One window per site that has both a convergence and a client downtime, in site order.</summary>
    public static IReadOnlyList<DowntimeWindow> Of(
        double resumeS, IReadOnlyDictionary<string, double> convergenceMs, IReadOnlyDictionary<string, double> clientDowntimeMs) =>
        [.. clientDowntimeMs.Keys.Where(convergenceMs.ContainsKey).Order(StringComparer.Ordinal).Select(site =>
        {
            var end = resumeS + (convergenceMs[site] / 1000);
            return new DowntimeWindow(site, end - (clientDowntimeMs[site] / 1000), end);
        })];

    /// <summary>
    /// The windows of a migration of the summary. summary.json keeps no RESUME instant, so it
    /// comes from the migration's row in migrations.csv: same VM and data centers, and the
    /// start nearest to the summary's (the CSV rounds it to the millisecond). None without a RESUME.
    /// </summary>
    public static IReadOnlyList<DowntimeWindow> Of(MigrationSummary migration, IEnumerable<MigrationRow> recorded)
    {
        var row = recorded
            .Where(r => r.Vm == migration.Vm && r.From == migration.From && r.To == migration.To && Math.Abs(r.StartS - migration.StartS) < 0.5)
            .MinBy(r => Math.Abs(r.StartS - migration.StartS));
        return row?.ResumeS is { } resume ? Of(resume, migration.ConvergenceMs, migration.ClientDowntimeMs) : [];
    }
}
