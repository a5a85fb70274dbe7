using System.Data.Common;
using Testbed.Results.Files;
using Testbed.Results.Reading;
using Testbed.Results.Store;
using Testbed.Results.Summary;
using Testbed.TestSupport;

namespace Testbed.Results.Tests.Store;

/// <summary>What both databases must do alike with real runs; each backend's test class runs these against its own database.</summary>
public abstract class ResultsStoreContract : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("testbed-store-").FullName;

    protected static CancellationToken None => CancellationToken.None;

    protected string Scratch => _scratch;

    /// <summary>A new, empty database of the backend under test.</summary>
    protected abstract Task<ResultsDatabaseLocation> NewDatabaseAsync();

    /// <summary>A plain connection to it, for checks in SQL.</summary>
    protected abstract DbConnection Connect(ResultsDatabaseLocation location);

    [Fact]
    public async Task Every_recorded_run_reads_back_as_its_files()
    {
        await using var store = await ResultsStore.OpenAsync(await NewDatabaseAsync(), None);
        var runs = RecordedRuns.All.Select(RunResultsReader.Read).ToList();

        foreach (var run in runs)
        {
            Assert.Equal(ImportOutcome.Imported, await store.ImportAsync(run, None));
        }

        foreach (var run in runs)
        {
            SameRun.Assert(run, await store.ReadAsync(run.RunId, None));
        }

        Assert.Equal(runs.Select(r => r.RunId), await store.RunIdsAsync(None));
        Assert.Null(await store.ReadAsync("no-such-run", None));
        var counts = await store.CountRowsAsync(None);
        Assert.Equal(runs.Sum(r => r.Recorded.Probes.Count), counts["probes"]);
        Assert.Equal(runs.Sum(r => r.Recorded.Requests.Count), counts["requests"]);
        Assert.Equal(runs.Sum(r => r.Summary!.Migrations.Sum(m => m.ClientDowntimeMs.Count)), counts["migration_sites"]);
    }

    [Fact]
    public async Task Importing_a_run_twice_changes_nothing()
    {
        var location = await NewDatabaseAsync();
        var run = RunResultsReader.Read(RecordedRuns.FlashCrowd);
        await using var store = await ResultsStore.OpenAsync(location, None);
        Assert.Equal(ImportOutcome.Imported, await store.ImportAsync(run, None));
        var counts = await store.CountRowsAsync(None);
        var importedAt = await ScalarAsync(location, "SELECT imported_at FROM runs");

        Assert.Equal(ImportOutcome.AlreadyPresent, await store.ImportAsync(run, None));
        await using (var again = await ResultsStore.OpenAsync(location, None))
        {
            Assert.Equal(ImportOutcome.AlreadyPresent, await again.ImportAsync(RunResultsReader.Read(RecordedRuns.FlashCrowd), None));
        }

        Assert.Equal(counts, await store.CountRowsAsync(None));
        Assert.Equal(importedAt, await ScalarAsync(location, "SELECT imported_at FROM runs"));
        SameRun.Assert(run, await store.ReadAsync(run.RunId, None));
    }

    [Fact]
    public async Task A_runs_handovers_are_stored_and_read_back_in_order()
    {
        var directory = Path.Combine(_scratch, "mobile", "20261207-000000-0001");
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.GetFiles(RecordedRuns.OneMove).Where(f => Path.GetFileName(f) != ResultsFileNames.Summary))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }

        // The users' moves, as a run's clients would have recorded them (group and user are SQL words).
        File.WriteAllText(Path.Combine(directory, ResultsFileNames.Handovers),
            "t_s,group,user,from,to,cause\n1.5,users,0,near1,near2,mobility\n1.5,users,1,near1,near2,mobility\n7.25,users,0,near2,near1,move\n");
        var run = RunResultsReader.Read(directory);
        Assert.Equal(3, run.Recorded.HandoverRows.Count);

        await using var store = await ResultsStore.OpenAsync(await NewDatabaseAsync(), None);
        Assert.Equal(ImportOutcome.Imported, await store.ImportAsync(run, None));
        SameRun.Assert(run, await store.ReadAsync(run.RunId, None));
        Assert.Equal(3, (await store.CountRowsAsync(None))["handovers"]);
    }

    [Fact]
    public async Task A_run_stored_without_a_summary_is_replaced_once_it_has_one()
    {
        var complete = RunResultsReader.Read(RecordedRuns.OneMove);
        var directory = Path.Combine(_scratch, complete.Summary!.Experiment, complete.RunId);
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.GetFiles(RecordedRuns.OneMove).Where(f => Path.GetFileName(f) != ResultsFileNames.Summary))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }

        await using var store = await ResultsStore.OpenAsync(await NewDatabaseAsync(), None);
        var cut = RunResultsReader.Read(directory);
        Assert.Equal(ImportOutcome.Imported, await store.ImportAsync(cut, None));
        SameRun.Assert(cut, await store.ReadAsync(complete.RunId, None));
        Assert.Equal(ImportOutcome.AlreadyPresent, await store.ImportAsync(cut, None));

        File.Copy(Path.Combine(RecordedRuns.OneMove, ResultsFileNames.Summary), Path.Combine(directory, ResultsFileNames.Summary));
        var finished = RunResultsReader.Read(directory);
        Assert.Equal(ImportOutcome.Replaced, await store.ImportAsync(finished, None));
        Assert.Equal(ImportOutcome.AlreadyPresent, await store.ImportAsync(finished, None));
        Assert.Equal(ImportOutcome.AlreadyPresent, await store.ImportAsync(cut, None));
        SameRun.Assert(finished, await store.ReadAsync(complete.RunId, None));
        Assert.Equal(complete.Recorded.Probes.Count, (await store.CountRowsAsync(None))["probes"]);
    }

    [Fact]
    public async Task A_run_of_a_sweep_keeps_its_point_and_values()
    {
        var run = RunResultsReader.Read(RecordedRuns.OneMove);
        var swept = run with
        {
            Summary = run.Summary! with
            {
                RunId = "sweep-point-2-rep-3",
                Sweep = new SweepMembership("sweep-1", 2, new Dictionary<string, string> { ["links.wan.delay"] = "50ms", ["mechanism"] = "overlay" }, 3),
            },
        };
        await using var store = await ResultsStore.OpenAsync(await NewDatabaseAsync(), None);

        await store.ImportAsync(swept, None);

        var read = await store.ReadAsync("sweep-point-2-rep-3", None);
        SameRun.Assert(swept, read);
        Assert.Equal("50ms", read!.Summary!.Sweep!.Values["links.wan.delay"]);
    }

    [Fact]
    public async Task How_late_each_request_and_probe_left_is_stored_and_read_back()
    {
        var run = RunResultsReader.Read(RecordedRuns.OneMove);
        var timed = run with
        {
            Recorded = run.Recorded with
            {
                Requests = [.. run.Recorded.Requests.Select((r, i) => r with { SendLateMs = i % 3 == 0 ? null : (i * 0.001) - 0.005 })],
                Probes = [.. run.Recorded.Probes.Select((p, i) => p with { SendLateMs = i * 0.002 })],
            },
        };
        await using var store = await ResultsStore.OpenAsync(await NewDatabaseAsync(), None);

        await store.ImportAsync(timed, None);

        SameRun.Assert(timed, await store.ReadAsync(run.RunId, None));
    }

    [Fact]
    public async Task A_run_whose_files_disagree_with_its_summary_writes_nothing()
    {
        var run = RunResultsReader.Read(RecordedRuns.OneMove);
        var wrong = run with { Summary = run.Summary! with { Migrations = [run.Summary.Migrations[0] with { StartS = 3 }] } };
        await using var store = await ResultsStore.OpenAsync(await NewDatabaseAsync(), None);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.ImportAsync(wrong, None));

        Assert.Contains("disagree about the run's migrations", error.Message, StringComparison.Ordinal);
        Assert.All(await store.CountRowsAsync(None), table => Assert.Equal(0, table.Value));
    }

    [Fact]
    public async Task Opening_an_empty_database_brings_it_to_the_current_schema_once()
    {
        var location = await NewDatabaseAsync();
        await using (var store = await ResultsStore.OpenAsync(location, None))
        {
            Assert.Equal(ResultsSchema.CurrentVersion, await store.SchemaVersionAsync(None));
            Assert.All(await store.CountRowsAsync(None), table => Assert.Equal(0, table.Value));
        }

        await using (var again = await ResultsStore.OpenAsync(location, None))
        {
            Assert.Equal(ResultsSchema.CurrentVersion, await again.SchemaVersionAsync(None));
        }

        Assert.Equal((long)ResultsSchema.Steps.Count, Convert.ToInt64(await ScalarAsync(location, "SELECT COUNT(*) FROM schema_version"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_database_newer_than_the_code_is_refused()
    {
        var location = await NewDatabaseAsync();
        await (await ResultsStore.OpenAsync(location, None)).DisposeAsync();
        var newer = ResultsSchema.CurrentVersion + 1;
        await ScalarAsync(location, $"INSERT INTO schema_version (version, description, applied_at) VALUES ({newer}, 'from the future', (SELECT MAX(applied_at) FROM schema_version))");

        var error = await Assert.ThrowsAsync<ResultsDatabaseException>(() => ResultsStore.OpenAsync(location, None));

        Assert.Contains($"schema is version {newer}, newer than this testbed's {ResultsSchema.CurrentVersion}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    public void Dispose()
    {
        Directory.Delete(_scratch, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected async Task<object?> ScalarAsync(ResultsDatabaseLocation location, string sql)
    {
        await using var connection = Connect(location);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
