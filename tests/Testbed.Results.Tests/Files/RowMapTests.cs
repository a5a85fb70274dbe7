using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Testbed.Results.Files;
using Testbed.Results.Reading;
using Testbed.Results.Records;
using Testbed.Results.Store;
using Testbed.TestSupport;
using Testbed.Workload.Records;

namespace Testbed.Results.Tests.Files;

/// <summary>Each results file's columns are defined once, by its map: the writer, the reader, the README and the database agree with it.</summary>
public sealed partial class RowMapTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("tbt-rowmap-");

    [Fact]
    public void Every_row_written_reads_back_equal_to_what_was_recorded()
    {
        RequestRow[] requests = [new(1.5, "users", 3, "near2", 12.25, RequestOutcome.Ok, "app-dc1", 0.031), new(2, "users", 0, "far1", null, RequestOutcome.Timeout, null)];
        ProbeRow[] probes = [new(1.6, "users", "near2", 7, null, 0.025), new(1.7, "users", "near2", 8, 46.125, null)];
        MigrationRow[] migrations =
        [
            new("app", "dc1", "dc2", 8.5, 11.25, MigrationOutcome.Completed, 11.2, 2750, 180, 210.5, 1.25, 123_456_789, "scripted", null,
                11, 20.5, 190, -0.5, 2.25, 4_194_304, 131_072, 6_291_456, 1000, "downtime-limit=300ms"),
            new("app", "dc2", "dc1", 20, 21, MigrationOutcome.Failed, null, null, null, null, null, null, "follow-users", "cut, \"quoted\"\nand two lines"),
        ];
        ReplicationRow[] replications = [new(ReplicationRow.Replicate, "app", "dc1", "dc3", 5, 9.5, MigrationOutcome.Completed, 4000, 50, 99, "scripted", null)];
        CpuRow[] cpu = [new(1, "testbed", "harness", 123.457, 1.001)];
        LinkSecondRow[] links = [new(1, "dc1-r1", "a->b", 1000, 2, 12.5, 80.5, null, 300), new(2, "dc1-r1", "b->a", 0, 0, null, null, 400.5, 300)];
        GuestCalibrationRow[] guests = [new("app", "dc1", GuestCalibrationRow.Icmp, 64, 200, 0.5, 0.875, 0)];
        PathRow[] paths = [new("near2", "dc1", 23, 23, 4, 46.75), new("far1", "dc1", 40.5, 40.5)];
        CalibrationRow[] calibration = [new(0, "dc1", "r1", "userspace", 10, 10.125, 10.5, 0.125, 0.3, 20, 19.875, 0.994, true), new(1, "r1", "near-2", null, 5, null, null, null, 0.3, null, null, null, false)];

        using (var recorder = new RunRecorder(_directory.FullName))
        {
            recorder.StartClock(DateTimeOffset.UtcNow);
            Array.ForEach(requests, recorder.Request);
            Array.ForEach(probes, recorder.Probe);
            Array.ForEach(migrations, recorder.Migration);
            Array.ForEach(replications, recorder.Replication);
            Array.ForEach(cpu, recorder.Cpu);
            Array.ForEach(links, recorder.LinkSecond);
            Array.ForEach(guests, recorder.GuestCalibration);
            Array.ForEach(paths, recorder.ConfiguredPath);
            recorder.Calibration(calibration);
        }

        var read = RunResultsReader.Read(_directory.FullName);

        Assert.Equal(requests, read.Recorded.Requests);
        Assert.Equal(probes, read.Recorded.Probes);
        Assert.Equal(migrations, read.Recorded.Migrations);
        Assert.Equal(replications, read.Recorded.Replications);
        Assert.Equal(cpu, read.Recorded.CpuRows);
        Assert.Equal(links, read.Recorded.LinkSecondRows);
        Assert.Equal(guests, read.Recorded.GuestCalibrationRows);
        Assert.Equal(paths, read.Recorded.PathRows);
        Assert.Equal(calibration, read.Calibration);
    }

    [Fact]
    public void A_figure_is_written_to_its_column_s_precision_and_read_back_as_written()
    {
        using (var recorder = new RunRecorder(_directory.FullName))
        {
            recorder.Cpu(new CpuRow(1, "testbed", "harness", 123.45678, 1.0000004));
        }

        var line = File.ReadAllLines(Path.Combine(_directory.FullName, ResultsFileNames.Cpu))[1];
        var row = RunResultsReader.Read(_directory.FullName).Recorded.CpuRows.Single();

        Assert.Equal("1,testbed,harness,123.457,1,12.35", line);
        Assert.Equal(new CpuRow(1, "testbed", "harness", ResultsCsv.Figure(123.45678), ResultsCsv.Figure(1.0000004)), row);
    }

    [Fact]
    public void A_file_from_before_a_column_was_added_still_reads_and_one_missing_a_first_column_fails_with_its_file()
    {
        var map = PathRowMap.Instance;
        var old = map.Columns.Where(c => !c.Optional).Select(c => c.Name).ToList();
        File.WriteAllText(Path.Combine(_directory.FullName, ResultsFileNames.Events), "");
        File.WriteAllLines(Path.Combine(_directory.FullName, ResultsFileNames.Paths), [string.Join(',', old), "near2,dc1,23,23,46"]);

        Assert.Equal([new PathRow("near2", "dc1", 23, 23)], RunResultsReader.Read(_directory.FullName).Recorded.PathRows);

        File.WriteAllLines(Path.Combine(_directory.FullName, ResultsFileNames.Paths), [string.Join(',', old.Skip(1)), "dc1,23,23,46"]);
        var error = Assert.Throws<InvalidDataException>(() => RunResultsReader.Read(_directory.FullName));
        Assert.Contains($"{ResultsFileNames.Paths}:1: missing {old[0]}", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> DocumentedFiles() => [ResultsFileNames.Requests, ResultsFileNames.Probes, ResultsFileNames.Cpu, ResultsFileNames.Links];

    [Theory]
    [MemberData(nameof(DocumentedFiles))]
    public void The_readme_lists_a_file_s_columns_as_its_map_defines_them(string file)
    {
        var readme = File.ReadAllText(RepositoryRoot.Combine("README.md"));
        var documented = DocumentedColumns().Matches(readme).Single(m => m.Groups["file"].Value == file).Groups["columns"].Value;
        var map = file switch
        {
            ResultsFileNames.Requests => RequestRowMap.Instance.Columns,
            ResultsFileNames.Probes => ProbeRowMap.Instance.Columns,
            ResultsFileNames.Cpu => CpuRowMap.Instance.Columns,
            _ => LinkSecondRowMap.Instance.Columns,
        };

        Assert.Equal(string.Join(',', map.Select(c => c.Name)), documented);
    }

    [Fact]
    public async Task The_database_has_a_column_for_every_column_of_every_file_it_imports()
    {
        var location = ResultsDatabaseLocation.Sqlite(Path.Combine(_directory.FullName, "testbed.db"));
        await (await ResultsStore.OpenAsync(location, CancellationToken.None)).DisposeAsync();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = location.SqlitePath, Pooling = false }.ToString());
        await connection.OpenAsync();

        foreach (var (table, columns) in DatabaseColumns.ImportedFiles)
        {
            var have = new HashSet<string>(StringComparer.Ordinal);
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                have.Add(reader.GetString(0));
            }

            var missing = columns.Except(have).ToList();
            Assert.True(missing.Count == 0, $"{table} lacks {string.Join(", ", missing)}");
        }
    }

    public void Dispose() => _directory.Delete(recursive: true);

    [GeneratedRegex("`(?<file>[a-z-]+\\.csv)`: `(?<columns>[a-z0-9_,]+)`")]
    private static partial Regex DocumentedColumns();
}
