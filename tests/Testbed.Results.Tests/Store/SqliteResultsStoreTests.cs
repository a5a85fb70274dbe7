using System.Data.Common;
using Microsoft.Data.Sqlite;
using Testbed.Results.Reading;
using Testbed.Results.Store;
using Testbed.TestSupport;

namespace Testbed.Results.Tests.Store;

public sealed class SqliteResultsStoreTests : ResultsStoreContract
{
    protected override Task<ResultsDatabaseLocation> NewDatabaseAsync() =>
        Task.FromResult(ResultsDatabaseLocation.Sqlite(Path.Combine(Scratch, UniqueName.Next("db"), "testbed.db")));

    protected override DbConnection Connect(ResultsDatabaseLocation location) =>
        new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = location.SqlitePath, Pooling = false }.ToString());

    [Fact]
    public async Task Instants_are_iso_text_that_sqlite_reads_as_time()
    {
        var location = await NewDatabaseAsync();
        var run = RunResultsReader.Read(RecordedRuns.OneMove);
        await using (var store = await ResultsStore.OpenAsync(location, None))
        {
            await store.ImportAsync(run, None);
        }

        var zero = run.Events.First(e => e.TimeS is not null);
        var expected = zero.At.AddSeconds(run.Recorded.Probes[0].TimeS - zero.TimeS!.Value);
        var first = (string)(await ScalarAsync(location, "SELECT at FROM probes ORDER BY ordinal LIMIT 1"))!;
        Assert.Equal(expected.UtcDateTime, DateTimeOffset.Parse(first, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime, TimeSpan.FromMilliseconds(0.01));
        Assert.Equal(expected.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            await ScalarAsync(location, "SELECT datetime(at) FROM probes ORDER BY ordinal LIMIT 1"));
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_fails_in_one_line()
    {
        var path = Path.Combine(Scratch, "notes.db");
        await File.WriteAllTextAsync(path, "these are notes, not a database\n".PadRight(200, 'x'));

        var error = await Assert.ThrowsAsync<ResultsDatabaseException>(() => ResultsStore.OpenAsync(ResultsDatabaseLocation.Sqlite(path), None));

        Assert.StartsWith($"SQLite {path}:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
