using Testbed.Results.Files;
using Testbed.Results.Reading;
using Testbed.TestSupport;

namespace Testbed.Results.Tests.Reading;

public sealed class RunResultsReaderTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("testbed-reader-").FullName;

    [Fact]
    public void A_real_run_reads_back_with_every_file()
    {
        var run = RunResultsReader.Read(RecordedRuns.OneMove);

        Assert.NotNull(run.Summary);
        Assert.Equal(run.Summary.RunId, run.RunId);
        Assert.Equal(File.ReadLines(Path.Combine(RecordedRuns.OneMove, ResultsFileNames.Requests)).Count() - 1, run.Recorded.Requests.Count);
        Assert.Equal(File.ReadLines(Path.Combine(RecordedRuns.OneMove, ResultsFileNames.Probes)).Count() - 1, run.Recorded.Probes.Count);
        var migration = Assert.Single(run.Recorded.Migrations);
        Assert.Equal(("dc1", "dc2"), (migration.From, migration.To));
        Assert.NotNull(migration.ResumeS);
        Assert.Contains(run.Events, e => e.Kind == "run-started");
        Assert.NotEmpty(run.Calibration);
        Assert.All(run.Calibration, c => Assert.True(c.Ok));
        // Recorded before calibration.csv named the emulator of each link.
        Assert.All(run.Calibration, c => Assert.Null(c.Emulation));
        Assert.Equal(run.Summary.Requests.Total, run.Recorded.Requests.Count(r => r.TimeS >= 0 && r.TimeS < run.Summary.DurationS));
    }

    [Fact]
    public void A_run_cut_mid_line_keeps_every_whole_row()
    {
        var run = Path.Combine(_scratch, "cut");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, ResultsFileNames.Requests), "t_s,group,user,site,latency_ms,outcome,served_by\n1.5,g,0,s1,12.5,ok,dc1\n2,g,1,s1,,timeout,\n3,g,");
        File.WriteAllText(Path.Combine(run, ResultsFileNames.Events), "{\"t_s\":null,\"at\":\"2026-11-25T05:07:00Z\",\"kind\":\"run-started\"}\n{\"t_s\":1.2,\"at\":\"2026-11");

        var read = RunResultsReader.Read(run);

        Assert.Null(read.Summary);
        Assert.Equal(2, read.Recorded.Requests.Count);
        Assert.Null(read.Recorded.Requests[1].LatencyMs);
        Assert.Single(read.Events);
    }

    [Fact]
    public void A_malformed_row_in_the_middle_fails_with_its_file_and_line()
    {
        var run = Path.Combine(_scratch, "bad");
        Directory.CreateDirectory(run);
        var requests = Path.Combine(run, ResultsFileNames.Requests);
        File.WriteAllText(requests, "t_s,group,user,site,latency_ms,outcome,served_by\n1.5,g,0,s1,12.5,ok,dc1\nsoon,g,1,s1,3,ok,dc1\n2,g,1,s1,3,ok,dc1\n");
        File.WriteAllText(Path.Combine(run, ResultsFileNames.Events), "");

        var error = Assert.Throws<InvalidDataException>(() => RunResultsReader.Read(run));

        Assert.StartsWith($"{requests}:3:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expanding_a_folder_finds_the_runs_below_it_once()
    {
        var sweep = Path.Combine(_scratch, "sweep");
        foreach (var name in (string[])["b-run", "a-run"])
        {
            Directory.CreateDirectory(Path.Combine(sweep, name));
            File.WriteAllText(Path.Combine(sweep, name, ResultsFileNames.Events), "");
        }

        var runs = RunDirectories.Expand([sweep, Path.Combine(sweep, "a-run")]);

        Assert.Equal([Path.Combine(sweep, "a-run"), Path.Combine(sweep, "b-run")], runs);
        Directory.CreateDirectory(Path.Combine(_scratch, "empty"));
        Assert.Throws<InvalidDataException>(() => RunDirectories.Expand([Path.Combine(_scratch, "empty")]));
        Assert.Throws<DirectoryNotFoundException>(() => RunDirectories.Expand([Path.Combine(_scratch, "none")]));
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
