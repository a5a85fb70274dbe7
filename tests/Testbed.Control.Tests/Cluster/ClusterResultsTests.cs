using System.Text;
using Testbed.Control.Cluster;
using Testbed.Control.Contracts;
using Testbed.Results.Files;
using Testbed.Results.Records;

namespace Testbed.Control.Tests.Cluster;

/// <summary>A host's files joined to the coordinator's run directory, with the coordinator's recorder still open.</summary>
public sealed class ClusterResultsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tbt-merge-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task A_host_s_rows_follow_the_coordinator_s_under_one_header_and_a_later_event_of_the_coordinator_does_not_write_over_them()
    {
        using var recorder = new RunRecorder(_folder.FullName);
        recorder.Event("phase", new { Phase = "timeline" });
        recorder.Migration(MigrationRow.NotStarted("app", "dc1", "dc2", 1, 2, Testbed.Workload.Records.MigrationOutcome.Failed, "test", "here"));
        var header = File.ReadLines(recorder.PathOf(ResultsFileNames.Migrations)).First();
        var hostRow = "app,dc2,dc3,5,6,failed";
        var hostEvent = "{\"t_s\":5.5,\"kind\":\"vm-incoming\",\"silo\":\"h2\"}";

        await ClusterResults.MergeAsync(recorder, "h2", [
            new RunFile(ResultsFileNames.Migrations, Encoding.UTF8.GetBytes($"{header}\n{hostRow}\n")),
            new RunFile(ResultsFileNames.Events, Encoding.UTF8.GetBytes(hostEvent + "\n")),
            new RunFile(ResultsFileNames.Environment, Encoding.UTF8.GetBytes("{\"host\":\"h2\"}")),
        ], CancellationToken.None);
        recorder.Event("run-ended");
        recorder.Checkpoint();

        var migrations = File.ReadAllLines(recorder.PathOf(ResultsFileNames.Migrations));
        Assert.Equal(header, migrations[0]);
        Assert.Single(migrations, header);
        Assert.Equal(hostRow, migrations[^1]);
        var events = File.ReadAllLines(recorder.PathOf(ResultsFileNames.Events));
        Assert.Equal(3, events.Length);
        Assert.Equal(hostEvent, events[1]);
        Assert.Contains("run-ended", events[2], StringComparison.Ordinal);

        // The host's own description stays its own, beside its copy of every file.
        Assert.DoesNotContain("h2", File.Exists(recorder.PathOf(ResultsFileNames.Environment)) ? File.ReadAllText(recorder.PathOf(ResultsFileNames.Environment)) : "", StringComparison.Ordinal);
        Assert.Equal(["environment.json", "events.jsonl", "migrations.csv"],
            Directory.EnumerateFiles(Path.Combine(_folder.FullName, ClusterResults.HostsFolder, "h2")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_host_file_of_other_columns_is_refused_rather_than_mixed_in()
    {
        using var recorder = new RunRecorder(_folder.FullName);

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => ClusterResults.MergeAsync(recorder, "h2",
            [new RunFile(ResultsFileNames.Migrations, Encoding.UTF8.GetBytes("vm,somewhere\napp,dc9\n"))], CancellationToken.None));

        Assert.Contains("h2", refused.Message, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(recorder.PathOf(ResultsFileNames.Migrations)));
    }
}
