using System.Text.Json;
using Testbed.Cli.Commands;
using Testbed.Control.Runs;
using Testbed.Experiments.Model;
using Testbed.Lab.Files;
using Testbed.Results.Comparison;
using Testbed.Results.Files;
using Testbed.Results.Reading;
using Testbed.Results.Summary;

namespace Testbed.Cli.Runs;

/// <summary>
/// Runs every point of a sweep, <see cref="ExperimentPlan.Repeat"/> times, one run after the
/// other, into one sweep directory; then compares them. Repetitions are the outer loop, so
/// a sweep cut short has runs of every point rather than all runs of the first few. A run
/// that fails is recorded and the sweep goes on; Ctrl-C stops after the current run, whose
/// records are kept, and the comparison covers what completed.
/// </summary>
internal static class SweepRunner
{
    public static async Task<int> RunAsync(ExperimentPlan plan, string file, RunOptions options, string? resultsDatabase, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var id = "sweep-" + RunIds.New(started);
        var directory = Path.GetFullPath(options.OutputDirectory ?? Path.Combine(options.ResultsRoot, plan.Base.Name, id));
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new UserFacingException($"{directory} is not empty: give another --out, or remove it");
        }

        Directory.CreateDirectory(directory);
        var points = plan.Points.Select(p => new SweepManifestPoint(p.Number, p.Values.ToDictionary(v => v.Key, v => v.Value))).ToList();
        var runs = new List<SweepManifestRun>();
        void WriteManifest() => AtomicFile.WriteAllText(Path.Combine(directory, SweepManifest.FileName),
            JsonSerializer.Serialize(new SweepManifest(id, plan.Base.Name, file, plan.SweptFields, plan.Repeat, points, runs), ResultsJson.Indented) + "\n");
        WriteManifest();
        Console.Error.WriteLine($"testbed: sweep {id}: {plan.Points.Count} point(s) × {plan.Repeat} = {plan.RunCount} run(s) of {plan.Base.Name}, into {directory}");

        var number = 0;
        try
        {
            for (var repetition = 1; repetition <= plan.Repeat; repetition++)
            {
                foreach (var point in plan.Points)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }

                    number++;
                    var experiment = point.Experiment with { Seed = point.Experiment.Seed + repetition - 1 };
                    Console.Error.WriteLine($"testbed: sweep run {number}/{plan.RunCount}: point {point.Number} ({point.Label}), repetition {repetition}, seed {experiment.Seed}");
                    var membership = new SweepMembership(id, point.Number, points[point.Number - 1].Values, repetition);
                    var display = new RunProgressDisplay(experiment);
                    var outcome = await ExperimentRunner.RunAsync(experiment, options with { OutputDirectory = null, RunsDirectory = directory, Sweep = membership }, display.Show, cancellationToken);
                    RunSummaryTable.Write(outcome);
                    await RunAftermath.FinishAsync(outcome.Directory, resultsDatabase, CancellationToken.None);
                    runs.Add(new SweepManifestRun(outcome.Summary.RunId, point.Number, repetition, experiment.Seed, outcome.Summary.Completed, outcome.Summary.Error,
                        outcome.Summary.Fidelity.Status) { Status = outcome.Summary.Status });
                    WriteManifest();
                }
            }
        }
        finally
        {
            Compare(directory, plan, id);
        }

        var failed = runs.Count(r => !r.Completed);
        if (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"testbed: sweep interrupted after {runs.Count} of {plan.RunCount} run(s); what it recorded is in {directory}");
            return RunCommand.InterruptedExitCode;
        }

        if (failed > 0)
        {
            Console.Error.WriteLine($"testbed: {failed} of {runs.Count} run(s) did not complete; the comparison covers the others; see {directory}/{SweepManifest.FileName}");
            return 1;
        }

        var degraded = runs.Count(r => r.Status == RunStatus.Degraded || r.Fidelity == LinkFidelity.Degraded);
        if (degraded > 0)
        {
            Console.Error.WriteLine($"testbed: {degraded} of {runs.Count} run(s) completed degraded (an unscripted failure, or links off their configuration); see {directory}/{SweepManifest.FileName}");
            return RunCommand.DegradedExitCode;
        }

        return 0;
    }

    /// <summary>Compares what the sweep has so far; runs without a summary (killed) are left out.</summary>
    private static void Compare(string directory, ExperimentPlan plan, string id)
    {
        var summaries = Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal)
            .Select(d => RunResultsReader.ReadSummary(Path.Combine(d, ResultsFileNames.Summary))).OfType<RunSummary>().ToList();
        if (summaries.Count == 0)
        {
            return;
        }

        var table = ComparisonBuilder.Build(summaries);
        var title = $"{plan.Base.Name}: " + (plan.SweptFields.Count > 0 ? $"sweep over {string.Join(", ", plan.SweptFields)}" : "repetitions") + $", {plan.Repeat} run(s) per point";
        ComparisonReport.Write(directory, table, title, [id]);
        ComparisonConsoleTable.Write(table);
        Console.Error.WriteLine($"testbed: comparison: {Path.Combine(directory, ComparisonReport.MarkdownFile)} and {ComparisonReport.CsvFile}");
    }
}
