using System.Text.Json;
using Testbed.Results.Files;
using Testbed.Results.Records;
using Testbed.Workload.Records;

namespace Testbed.Results.Tests.Files;

public sealed class RunRecorderTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("tbt-recorder-");

    [Fact]
    public void Every_row_is_in_its_file_as_soon_as_it_is_recorded()
    {
        using var recorder = new RunRecorder(_directory.FullName);
        recorder.StartClock(DateTimeOffset.UtcNow);
        recorder.Request(new RequestRow(1.5, "users", 0, "near2", 12.25, RequestOutcome.Ok, "app", 0.031));
        recorder.Probe(new ProbeRow(1.6, "users", "near2", 7, null, 0.025));
        recorder.Event("timeline", new { Event = "migrate app to dc2", AtS = 8.0 });

        // Read while the recorder still holds the files open, as after a crash.
        Assert.Equal(["t_s,group,user,site,latency_ms,outcome,served_by,send_late_ms", "1.5,users,0,near2,12.25,ok,app,0.031"], ReadShared(ResultsFileNames.Requests));
        Assert.Equal("1.6,users,near2,7,,0.025", ReadShared(ResultsFileNames.Probes)[1]);
        using var line = JsonDocument.Parse(ReadShared(ResultsFileNames.Events).Single());
        Assert.Equal("timeline", line.RootElement.GetProperty("kind").GetString());
        Assert.Equal("migrate app to dc2", line.RootElement.GetProperty("event").GetString());
        Assert.Equal(8.0, line.RootElement.GetProperty("at_s").GetDouble());
        Assert.True(line.RootElement.GetProperty("t_s").GetDouble() >= 0);
    }

    [Fact]
    public void A_detail_named_like_the_lines_own_fields_does_not_replace_them()
    {
        using var recorder = new RunRecorder(_directory.FullName);
        recorder.Event("policy-decision", new { Kind = "replicate" });

        using var line = JsonDocument.Parse(ReadShared(ResultsFileNames.Events).Single());
        Assert.Equal("policy-decision", line.RootElement.GetProperty("kind").GetString());
        Assert.Equal("replicate", line.RootElement.GetProperty("detail_kind").GetString());
    }

    [Fact]
    public void Reopening_a_directory_appends_without_a_second_header()
    {
        using (var first = new RunRecorder(_directory.FullName))
        {
            first.Request(new RequestRow(1, "users", 0, "near2", 10, RequestOutcome.Ok, "app"));
        }

        using var second = new RunRecorder(_directory.FullName);
        second.Request(new RequestRow(2, "users", 0, "near2", 11, RequestOutcome.Ok, "app"));
        Assert.Equal(3, ReadShared(ResultsFileNames.Requests).Length);
    }

    [Fact]
    public void The_live_median_covers_only_the_groups_recent_successes()
    {
        using var recorder = new RunRecorder(_directory.FullName);
        recorder.StartClock(DateTimeOffset.UtcNow.AddSeconds(-20));
        recorder.Request(new RequestRow(1, "users", 0, "near2", 500, RequestOutcome.Ok, "app"));
        foreach (var latency in new[] { 10.0, 20, 30 })
        {
            recorder.Request(new RequestRow(19, "users", 0, "near2", latency, RequestOutcome.Ok, "app"));
        }

        recorder.Request(new RequestRow(19, "users", 0, "near2", null, RequestOutcome.Timeout, null));
        recorder.Request(new RequestRow(19, "others", 0, "near1", 99, RequestOutcome.Ok, "app"));
        Assert.Equal(20, recorder.RecentMedianMs("users", TimeSpan.FromSeconds(5)));
        Assert.Null(recorder.RecentMedianMs("nobody", TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void The_live_window_keeps_only_the_last_minute_of_answers()
    {
        using var recorder = new RunRecorder(_directory.FullName);
        recorder.StartClock(DateTimeOffset.UtcNow.AddSeconds(-200));
        recorder.Request(new RequestRow(100, "users", 0, "near2", 500, RequestOutcome.Ok, "app"));
        recorder.Request(new RequestRow(199, "users", 0, "near2", 10, RequestOutcome.Ok, "app"));

        // Asked for 150 s back, it has only what the last minute left it.
        Assert.Equal(10, recorder.RecentMedianMs("users", TimeSpan.FromSeconds(150)));
    }

    [Fact]
    public void The_snapshot_is_read_back_from_the_files_with_faults_and_broken_connections_from_the_events()
    {
        using var recorder = new RunRecorder(_directory.FullName);
        recorder.StartClock(DateTimeOffset.UtcNow);
        var request = new RequestRow(1.5, "users", 0, "near2", 12.25, RequestOutcome.Ok, "app", 0.031);
        var fault = new RunFault(2.25, "router of dc2", "router-dc2 (pid 7) was killed by signal 9 (SIGKILL)", FaultEffect.Degraded, "restarted");
        recorder.Request(request);
        recorder.Broken(new BrokenConnectionRow(1.75, "users", 0, "near2", "reset"));
        recorder.Fault(fault);

        var snapshot = recorder.Snapshot();

        Assert.Equal([request], snapshot.Requests);
        Assert.Equal([fault], snapshot.FaultRows);
        Assert.Equal("reset", Assert.Single(snapshot.BrokenConnections).Reason);
    }

    [Fact]
    public void A_failed_write_stops_the_recording_says_once_which_file_and_throws_at_no_writer()
    {
        using var recorder = new RunRecorder(_directory.FullName);
        var said = new List<string>();
        recorder.RecordingFailed += said.Add;
        recorder.Request(new RequestRow(1, "users", 0, "near2", 10, RequestOutcome.Ok, "app"));

        // Closed files stand for a failing disk: every write to them throws, as ENOSPC would.
        recorder.Dispose();
        recorder.Request(new RequestRow(2, "users", 0, "near2", 11, RequestOutcome.Ok, "app"));
        recorder.Probe(new ProbeRow(2, "users", "near2", 1, 1, 0));

        var failure = Assert.Single(said);
        Assert.StartsWith(Path.Combine(_directory.FullName, ResultsFileNames.Requests) + ": ", failure, StringComparison.Ordinal);
        Assert.Equal(failure, recorder.Failure);
        Assert.Equal(2, ReadShared(ResultsFileNames.Requests).Length);
    }

    [Theory]
    [InlineData("No space left on device : '/r/probes.csv'", "/r/probes.csv: No space left on device")]
    [InlineData("Input/output error", "/r/probes.csv: Input/output error")]
    public void An_io_error_names_its_path_once(string message, string expected) =>
        Assert.Equal(expected, IoErrors.Describe("/r/probes.csv", new IOException(message)));

    public void Dispose() => _directory.Delete(recursive: true);

    private string[] ReadShared(string name)
    {
        using var stream = new FileStream(Path.Combine(_directory.FullName, name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
