using Testbed.Cli.Runs;
using Testbed.Results.Reading;
using Testbed.Results.Store;
using Testbed.TestSupport;

namespace Testbed.Cli.Tests.Runs;

/// <summary>What every run does last: writes itself to the results database, and never fails for it.</summary>
public sealed class ResultsDatabaseWriteTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("testbed-aftermath-").FullName;

    [Fact]
    public async Task A_finished_run_lands_in_the_database_named_by_the_option()
    {
        var database = Path.Combine(_scratch, "runs.db");
        using var messages = new StringWriter();

        var written = await ResultsDatabaseWrite.TryWriteAsync(RunResultsReader.Read(RecordedRuns.OneMove), database, _scratch, messages, CancellationToken.None);

        Assert.True(written);
        Assert.Equal($"testbed: results database: imported in SQLite {database}", messages.ToString().Trim());
        await using var store = await ResultsStore.OpenAsync(ResultsDatabaseLocation.Sqlite(database), CancellationToken.None);
        Assert.NotNull(await store.ReadAsync(RunResultsReader.Read(RecordedRuns.OneMove).RunId, CancellationToken.None));
    }

    [Fact]
    public async Task A_database_that_cannot_be_written_is_one_warning_and_the_files_stay()
    {
        // The database's folder would be inside a plain file: it cannot be created.
        var blocker = Path.Combine(_scratch, "file");
        await File.WriteAllTextAsync(blocker, "");
        using var messages = new StringWriter();

        var written = await ResultsDatabaseWrite.TryWriteAsync(RunResultsReader.Read(RecordedRuns.OneMove), Path.Combine(blocker, "t.db"), _scratch, messages, CancellationToken.None);

        Assert.False(written);
        var line = ExternalCommand.OnlyLine(messages.ToString());
        Assert.StartsWith($"testbed: warning: the run is not in the results database: SQLite {Path.Combine(blocker, "t.db")}: cannot open: ", line, StringComparison.Ordinal);
        Assert.EndsWith($"its files are in {RecordedRuns.OneMove} (import them with 'testbed import {RecordedRuns.OneMove}')", line, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(RecordedRuns.OneMove, "summary.json")));
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
