using System.ComponentModel;
using Spectre.Console.Cli;
using Testbed.Results.Reading;
using Testbed.Results.Reporting;

namespace Testbed.Cli.Commands;

/// <summary>
/// `testbed report RUN_DIR...`: (re)writes report.md and the plots of runs already on disk,
/// for example after a newer testbed changed the report, or for a run killed before its own.
/// A path may be a run, a sweep or an experiment's folder; every run below it is reported.
/// Needs no root and starts nothing.
/// </summary>
internal sealed class ReportCommand : Command<ReportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<runs>")]
        [Description("Run directories (results/EXPERIMENT/RUN_ID), or folders holding runs.")]
        public string[] Runs { get; init; } = [];
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> runs;
        try
        {
            runs = RunDirectories.Expand(settings.Runs);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new UserFacingException(e.Message);
        }

        var failed = 0;
        foreach (var run in runs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                Console.Out.WriteLine(RunReport.Write(run).Report);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                // One unreadable run must not cost the others their reports.
                Console.Error.WriteLine($"testbed: {run}: no report: {e.Message.ReplaceLineEndings(" ")}");
                failed++;
            }
        }

        return failed == 0 ? 0 : OneLineErrors.Failure;
    }
}
