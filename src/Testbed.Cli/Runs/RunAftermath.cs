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
        // The results database: never fails the run (a failure is a warning line).
        await ResultsDatabaseWrite.TryWriteAsync(runDirectory, resultsDatabase, Commands.RunCommand.ResultsRoot(), Console.Error, cancellationToken);
    }
}
