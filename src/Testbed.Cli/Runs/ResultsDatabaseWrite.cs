using System.Data.Common;
using Testbed.Results.Reading;
using Testbed.Results.Store;

namespace Testbed.Cli.Runs;

/// <summary>Writes a finished run, as read from its directory, to the results database chosen by --results-db, TESTBED_RESULTS_DB, the lab's file, or results/testbed.db.</summary>
internal static class ResultsDatabaseWrite
{
    /// <summary>
    /// Writes the run, and says where to standard error. A run must never be lost to its
    /// database: any failure is one warning line, and the files stay to import later.
    /// Returns whether the run is in the database.
    /// </summary>
    public static async Task<bool> TryWriteAsync(RunResults run, string? option, string resultsRoot, TextWriter messages, CancellationToken cancellationToken)
    {
        try
        {
            var location = ResultsDatabaseLocation.Choose(option, resultsRoot);
            await using var store = await ResultsStore.OpenAsync(location, cancellationToken);
            var outcome = await store.ImportAsync(run, cancellationToken);
            await messages.WriteLineAsync($"testbed: results database: {Describe(outcome)} in {location}");
            return true;
        }
        catch (Exception e) when (e is ResultsDatabaseException or DbException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            await messages.WriteLineAsync(
                $"testbed: warning: the run is not in the results database: {e.Message.ReplaceLineEndings(" ")}; its files are in {run.Directory} (import them with 'testbed import {run.Directory}')");
            return false;
        }
    }

    public static string Describe(ImportOutcome outcome) => outcome switch
    {
        ImportOutcome.Imported => "imported",
        ImportOutcome.AlreadyPresent => "already present",
        _ => "replaced (it now has its summary)",
    };
}
