using Testbed.Results.Reading;
using Testbed.Results.Reporting;

namespace Testbed.Cli.Runs;

/// <summary>
/// What follows every run, alone or in a sweep, whether it completed or not: the report
/// with its plots, then the run's rows in the results database. Neither may lose the run:
/// a failure here is reported, and the run's files stay as they are.
/// </summary>
internal static class RunAftermath
{
    public static async Task FinishAsync(string runDirectory, string? resultsDatabase, CancellationToken cancellationToken)
    {
        // Read once: the report and the database both take the run as its files hold it.
        RunResults run;
        try
        {
            run = RunResultsReader.Read(runDirectory);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"testbed: warning: no report and nothing in the results database for {runDirectory}: {e.Message.ReplaceLineEndings(" ")}");
            return;
        }

        WriteReport(run);

        // The results database: never fails the run (a failure is a warning line).
        await ResultsDatabaseWrite.TryWriteAsync(run, resultsDatabase, Commands.RunCommand.ResultsRoot(), Console.Error, cancellationToken);
    }

    /// <summary>report.md and its plots; a failure costs the run its report, never its results.</summary>
    private static void WriteReport(RunResults run)
    {
        try
        {
            var files = RunReport.Write(run);
            Console.Error.WriteLine($"testbed: report: {files.Report}");
        }
        catch (Exception e)
        {
            // Whatever went wrong (a file cut mid-row, a plotting library without its native
            // part), the run's own files are already written and stay as they are.
            Console.Error.WriteLine($"testbed: warning: no report for {run.Directory}: {e.Message.ReplaceLineEndings(" ")}");
        }
    }
}
