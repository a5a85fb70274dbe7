using System.ComponentModel;
using Spectre.Console.Cli;
using Testbed.Control.Runs;
using Testbed.Results.Comparison;
using Testbed.Results.Files;
using Testbed.Results.Reading;
using Testbed.Results.Summary;

namespace Testbed.Cli.Commands;

/// <summary>
/// `testbed compare RUN_OR_SWEEP_DIR...`: the comparison a sweep writes, for runs that already
/// exist: printed, and written as comparison.csv, comparison.md and error-bar charts.
/// </summary>
internal sealed class CompareCommand : Command<CompareCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<dirs>")]
        [Description("Run directories, sweep directories, or any folder above them (e.g. results/mechanisms).")]
        public string[] Directories { get; init; } = [];

        [CommandOption("--out <DIR>")]
        [Description("Write the comparison here. Default: into the sweep's own directory when one sweep is named, else results/comparisons/COMPARE_ID/.")]
        public string? Out { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> runs;
        try
        {
            runs = RunDirectories.Expand(settings.Directories);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new UserFacingException(e.Message);
        }

        var summaries = new List<RunSummary>();
        foreach (var run in runs)
        {
            RunSummary? summary;
            try
            {
                summary = RunResultsReader.ReadSummary(Path.Combine(run, ResultsFileNames.Summary));
            }
            catch (InvalidDataException e)
            {
                throw new UserFacingException(e.Message);
            }

            if (summary is null)
            {
                Console.Error.WriteLine($"testbed: {run}: no {ResultsFileNames.Summary} (the run was killed), left out");
                continue;
            }

            summaries.Add(summary);
        }

        if (summaries.Count == 0)
        {
            throw new UserFacingException($"nothing to compare: none of the {runs.Count} run(s) has a {ResultsFileNames.Summary}");
        }

        var table = ComparisonBuilder.Build(summaries);
        var directory = Path.GetFullPath(settings.Out ?? DefaultDirectory(settings.Directories));
        var experiments = string.Join(", ", summaries.Select(s => s.Experiment).Distinct());
        var written = ComparisonReport.Write(directory, table, $"{experiments}: {summaries.Count} run(s) compared", [.. settings.Directories]);
        ComparisonConsoleTable.Write(table);
        Console.Out.WriteLine($"comparison: {written.First(f => f.EndsWith(ComparisonReport.MarkdownFile, StringComparison.Ordinal))}");
        return 0;
    }

    private static string DefaultDirectory(string[] directories) =>
        directories.Length == 1 && File.Exists(Path.Combine(directories[0], SweepManifest.FileName))
            ? directories[0]
            : Path.Combine(RunCommand.ResultsRoot(), "comparisons", "compare-" + RunIds.New(DateTimeOffset.UtcNow));
}
