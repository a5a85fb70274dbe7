using System.Globalization;
using System.Text.Json;
using Testbed.Results.Comparison;
using Testbed.Results.Files;
using Testbed.Results.Reading;
using Testbed.TestSupport;

namespace Testbed.Cli.Tests.Commands;

/// <summary>
/// `testbed run` on a sweep (experiments/examples/two-mechanisms.yaml: 2 mechanisms × 2
/// repetitions), with real networks, routers, guests and migrations; then `testbed compare`
/// on what it left.
/// </summary>
public sealed class SweepCommandTests : ScratchRootTest, IDisposable
{
    private static readonly string TwoMechanisms = RepositoryRoot.Combine("experiments", "examples", "two-mechanisms.yaml");

    private readonly DirectoryInfo _results = Directory.CreateTempSubdirectory("tbt-sweep-");

    [Fact]
    public async Task Two_mechanisms_times_two_repetitions_give_a_comparison_with_an_interval_per_row()
    {
        var sweep = Path.Combine(_results.FullName, "sweep");

        var result = await TestbedCommand.RunAsync(Scratch.Path, "run", TwoMechanisms, "--out", sweep);

        RunExit.AssertCompleted(result, sweep);
        var runs = RunDirectories.Expand([sweep]);
        Assert.Equal(4, runs.Count);
        var summaries = runs.Select(r => RunResultsReader.Read(r).Summary!).ToList();
        Assert.All(summaries, s => Assert.True(s.Completed, s.Error));
        Assert.Equal(
            [("home-tunnel", 1, 7), ("home-tunnel", 2, 8), ("overlay", 1, 7), ("overlay", 2, 8)],
            summaries.Select(s => (s.Mechanism, s.Sweep!.Repetition, s.Seed)).Order());
        Assert.All(summaries, s => Assert.Equal(s.Mechanism, s.Sweep!.Values["mechanism"]));

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(sweep, SweepManifest.FileName)));
        Assert.Equal(4, manifest.RootElement.GetProperty("runs").GetArrayLength());

        var csv = File.ReadAllLines(Path.Combine(sweep, ComparisonReport.CsvFile));
        var header = csv[0].Split(',');
        var rows = csv.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(["overlay", "home-tunnel"], rows.Select(r => r[Array.IndexOf(header, "mechanism")]));
        foreach (var row in rows)
        {
            Assert.Equal("2", row[Array.IndexOf(header, "completed")]);
            foreach (var measure in (string[])["client_downtime_ms", "qemu_downtime_ms", "users.after migration 1.p50_ms"])
            {
                var mean = double.Parse(row[Array.IndexOf(header, measure + "_mean")], CultureInfo.InvariantCulture);
                var ci = double.Parse(row[Array.IndexOf(header, measure + "_ci95")], CultureInfo.InvariantCulture);
                Assert.True(mean > 0 && ci >= 0, $"{measure}: {mean} ± {ci}");
            }
        }

        Assert.True(new FileInfo(Path.Combine(sweep, ComparisonReport.DowntimeChart)).Length > 10_000);
        Assert.Contains("| overlay | 2/2 |", File.ReadAllText(Path.Combine(sweep, ComparisonReport.MarkdownFile)), StringComparison.Ordinal);

        // The same comparison from the runs that now exist.
        var again = Path.Combine(_results.FullName, "again");
        var compared = await TestbedCommand.RunAsync(Scratch.Path, "compare", sweep, "--out", again);
        Assert.True(compared.Succeeded, compared.StandardError + compared.StandardOutput);
        Assert.Equal(csv, File.ReadAllLines(Path.Combine(again, ComparisonReport.CsvFile)));
        Assert.Contains("home-tunnel", compared.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(Scratch.Root.RunDirectories());
    }

    public void Dispose() => _results.Delete(recursive: true);
}
