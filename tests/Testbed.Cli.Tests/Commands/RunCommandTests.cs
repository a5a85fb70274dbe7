using System.Diagnostics;
using System.Text.Json;
using Testbed.Cli.Commands;
using Testbed.Control.Runs;
using Testbed.Experiments.Files;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.Qemu.Migration;
using Testbed.Results.Files;
using Testbed.Results.Plots;
using Testbed.Results.Reading;
using Testbed.Results.Records;
using Testbed.Results.Reporting;
using Testbed.Results.Summary;
using Testbed.TestSupport;
using Testbed.Topology.Routing;

namespace Testbed.Cli.Tests.Commands;

/// <summary>
/// `testbed run` on experiments/examples/one-move.yaml: the real network, routers, guest,
/// clients and migration, through the real command.
/// </summary>
public sealed class RunCommandTests : ScratchRootTest, IDisposable
{
    private static readonly string OneMove = RepositoryRoot.Combine("experiments", "examples", "one-move.yaml");

    private readonly DirectoryInfo _results = Directory.CreateTempSubdirectory("tbt-run-");

    [Fact]
    public async Task One_move_produces_every_results_file_and_the_response_time_after_the_move_matches_the_new_path()
    {
        // On a host whose firewall is as a stock dockerd leaves it: not one request may fail for it.
        await using var firewall = await DockerLikeFirewall.ApplyAsync();
        var output = Path.Combine(_results.FullName, "one-move");

        var result = await TestbedCommand.RunAsync(Scratch.Path, "run", OneMove, "--out", output);

        RunExit.AssertCompleted(result, output);
        foreach (var file in ResultsFileNames.CompletedRun)
        {
            Assert.True(File.Exists(Path.Combine(output, file)), $"{file} is missing");
        }

        Assert.True(File.ReadLines(Path.Combine(output, ResultsFileNames.Requests)).Count() > 100);
        Assert.True(File.ReadLines(Path.Combine(output, ResultsFileNames.Probes)).Count() > 1000);
        Assert.Contains("migrations", result.StandardOutput, StringComparison.Ordinal);

        // The file written back reads as the same experiment.
        Assert.Empty(ExperimentLoader.Check(Path.Combine(output, ResultsFileNames.Experiment)).Problems);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, ResultsFileNames.Summary)));
        var root = summary.RootElement;
        Assert.True(root.GetProperty("completed").GetBoolean());
        Assert.Equal("overlay", root.GetProperty("mechanism").GetString());
        var migration = Assert.Single(root.GetProperty("migrations").EnumerateArray());
        Assert.Equal("completed", migration.GetProperty("outcome").GetString());
        Assert.Equal("dc2", migration.GetProperty("to").GetString());
        Assert.True(migration.GetProperty("client_downtime_ms").GetProperty("near2").GetDouble() > 0);
        Assert.True(migration.GetProperty("qemu_downtime_ms").GetInt64() > 0);
        Assert.Equal(0, root.GetProperty("requests").GetProperty("failed").GetInt32());

        // environment.json and every calibrated link say which link emulation "auto" chose: netem where the kernel has it.
        using var environment = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, ResultsFileNames.Environment)));
        var auto = environment.RootElement.GetProperty("doctor").GetProperty("netem").GetBoolean() ? "netem" : "userspace";
        Assert.Equal("auto", environment.RootElement.GetProperty("link_emulation_requested").GetString());
        Assert.Equal(auto, environment.RootElement.GetProperty("link_emulation").GetString());
        var recorded = RunResultsReader.Read(output);
        var calibration = recorded.Calibration;
        Assert.NotEmpty(calibration);
        Assert.All(calibration, link => Assert.Equal(auto, link.Emulation));

        // The doctor saw the firewall the test set, and the testbed's bridges carried its probe anyway.
        var firewallFound = environment.RootElement.GetProperty("doctor").GetProperty("host_firewall");
        Assert.Equal("DROP", firewallFound.GetProperty("forward_policy").GetString());
        Assert.True(firewallFound.GetProperty("root_bridges_filtered").GetBoolean());
        Assert.True(firewallFound.GetProperty("immune").GetBoolean());

        // After the move the users near dc2 are served there: the new path's round trip plus the
        // service time. The phase that the migration starts also holds the requests served at
        // dc1 while it ran, so the requests counted are those sent a second after it ended.
        var experiment = ExperimentLoader.Load(OneMove);
        var expected = (2 * ShortestPaths.Compute(experiment.Topology).Between("near2", "dc2")!.DelayMs) + experiment.Services[0].ServiceTime.TotalMilliseconds;
        var moved = Assert.Single(recorded.Recorded.Migrations);
        var after = recorded.Recorded.Requests.Where(r => r.TimeS >= moved.EndS + 1 && r.LatencyMs is not null).Select(r => r.LatencyMs!.Value).ToList();
        Assert.True(after.Count > 50, $"{after.Count} requests after the move");
        var p50 = Percentiles.Of(after, 0.5);
        Assert.True(Math.Abs(p50 - expected) <= 0.1 * expected, $"p50 after the move {p50} ms, expected {expected} ms ± 10%");

        // Attribution: the guest was calibrated before the timeline; paths.csv holds the round trip
        // to dc2 as the overlay routes it; the phases split at the migration; and the requests
        // after it are set against that path plus the service time.
        var read = recorded.Summary!;
        Assert.Equal([GuestCalibrationRow.Icmp, GuestCalibrationRow.Echo, GuestCalibrationRow.Request], read.GuestCalibration.Select(g => g.Kind));
        Assert.All(read.GuestCalibration, g => Assert.True(g is { Vm: "app", DataCenter: "dc1", Count: > 0, RttP50Ms: > 0 }, g.ToString()));
        var toDc2 = Assert.Single(recorded.Recorded.PathRows, p => p is { Site: "near2", DataCenter: "dc2" });
        Assert.Equal(expected - experiment.Services[0].ServiceTime.TotalMilliseconds, toDc2.RoundTripMs, 3);

        // near2's nearest smart router is dc2's own, so its requests cross the shortest path's links there and back,
        // and paths.csv's measured round trip is those links' delays as calibration.csv has them.
        var nodes = ShortestPaths.Compute(experiment.Topology).Nodes("near2", "dc2");
        var crossed = nodes.Zip(nodes.Skip(1)).Select(hop => Assert.Single(recorded.Calibration, c => c.Link == $"{hop.First}-{hop.Second}" || c.Link == $"{hop.Second}-{hop.First}")).ToList();
        Assert.Equal(2 * crossed.Count, toDc2.LinkCrossings);
        // Each figure is kept to the microsecond, so a sum of them may differ from the summed figure by that much per term.
        var rounding = 0.001 * (2 * crossed.Count + 1);
        Assert.Equal(2 * crossed.Sum(c => c.MeasuredDelayMs!.Value), toDc2.MeasuredRttMs!.Value, rounding);
        Assert.Equal(["0s-8s", "during migration 1", "after migration 1"], read.Phases.Select(p => p.Name));
        var excess = read.ResponseTimeExcessMs["users"]["after migration 1"];
        Assert.Equal(expected, excess.ConfiguredP50Ms!.Value, 3);
        Assert.True(excess.Attributed > 50, $"{excess.Attributed} requests attributed after the move");
        Assert.Equal(toDc2.MeasuredRttMs.Value - toDc2.RoundTripMs, excess.LinksOverConfiguredMs!.Value, rounding);
        Assert.NotNull(excess.ExcessAfterGuestAndLinksP50Ms);

        // The downtime's parts add up to the user's: source pause + restore + convergence - answers in flight.
        var movedSummary = Assert.Single(read.Migrations);
        var parts = movedSummary.Parts!;
        // Each figure is rounded to the microsecond (3 decimals), so a sum of n of them may be
        // off by n half-microseconds; comparing at 2 decimals failed when a sum straddled a
        // rounding boundary (221.445 against 221.44500000000002).
        Assert.Equal(parts.RestoreMs!.Value, parts.InFlightMs!.Value + parts.LoadMs!.Value, 0.0005 * 3);
        Assert.Equal(movedSummary.ClientDowntimeMs["near2"],
            parts.SourcePauseMs!.Value + parts.RestoreMs.Value + movedSummary.ConvergenceMs["near2"] - movedSummary.AnswersInFlightMs["near2"], 0.0005 * 5);
        Assert.StartsWith($"downtime_limit_ms={new MigrationSettings().DowntimeLimitMs} ", movedSummary.Settings, StringComparison.Ordinal);

        // The run's aftermath: report.md, embedding a real PNG of every plot a migration run has.
        var report = File.ReadAllText(Path.Combine(output, ReportFileNames.Report));
        Assert.Contains("| completed | yes |", report, StringComparison.Ordinal);
        Assert.Contains("| 1 | app | near2 |", report, StringComparison.Ordinal);
        foreach (var plot in (string[])[ReportFileNames.ResponseTime, ReportFileNames.Downtime, ReportFileNames.ResponseTimeCdf("users"), ReportFileNames.Calibration])
        {
            var path = Path.Combine(output, plot);
            Assert.True(File.Exists(path), $"{plot} is missing");
            Assert.Equal(new PngHeader(PlotCanvas.Width, PlotCanvas.Height), PngHeader.Read(path));
            Assert.True(new FileInfo(path).Length > 20_000, $"{plot}: {new FileInfo(path).Length} bytes, too few for a plot");
            Assert.Contains($"]({plot})", report, StringComparison.Ordinal);
        }

        // And the run is in the default results database, results/testbed.db (the test's own).
        Assert.Contains("results database: imported", result.StandardError, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(ScratchRuntimeRoot.ResultsFor(Scratch.Path), "testbed.db")));

        Assert.Empty(Scratch.Root.RunDirectories());
    }

    [Fact]
    public async Task A_run_killed_halfway_keeps_its_records_and_clean_then_leaves_nothing()
    {
        var output = Path.Combine(_results.FullName, "killed");
        using var run = LiveRun.Start(OneMove, output, Scratch.Path);
        try
        {
            // Killed once the users have sent for a while: the network, the routers, the
            // guest and the clients are all running.
            var requests = Path.Combine(output, ResultsFileNames.Requests);
            await LiveRun.WaitUntilAsync(() => File.Exists(requests) && LiveRun.ReadShared(requests).Length > 40, TimeSpan.FromMinutes(5), run);
            run.Kill();
            await run.WaitForExitAsync();
        }
        finally
        {
            if (!run.HasExited)
            {
                run.Kill();
            }
        }

        var runDirectory = Assert.Single(Scratch.Root.RunDirectories());
        var processes = Directory.GetFiles(Path.Combine(runDirectory, "pids"))
            .Select(f => ProcessIdentity.TryParse(File.ReadAllText(f).Trim(), out var p) ? p! : null).OfType<ProcessIdentity>().ToList();
        var namespaces = ResourceLedger.Read(Path.Combine(runDirectory, "resources.jsonl"))
            .Where(r => r.Kind == LabResourceKind.Namespace).Select(r => r.Name).ToList();
        Assert.NotEmpty(processes);
        Assert.NotEmpty(namespaces);

        Assert.True(LiveRun.ReadShared(Path.Combine(output, ResultsFileNames.Requests)).Length > 40);
        Assert.True(LiveRun.ReadShared(Path.Combine(output, ResultsFileNames.Probes)).Length > 100);
        Assert.Contains(LiveRun.ReadShared(Path.Combine(output, ResultsFileNames.Events)), line => line.Contains("\"timeline\"", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(output, ResultsFileNames.Calibration)));
        Assert.True(File.Exists(Path.Combine(output, ResultsFileNames.Environment)));
        Assert.False(File.Exists(Path.Combine(output, ResultsFileNames.Summary)));

        // The run's log keeps each line as written, so a killed run's log says how far it got.
        Assert.Contains(LiveRun.ReadShared(Path.Combine(output, ResultsFileNames.Log)), line => line.EndsWith($"phase: {RunPhases.Timeline}", StringComparison.Ordinal));

        // Killed, it wrote no report; `testbed report` writes one from what it recorded.
        Assert.False(File.Exists(Path.Combine(output, ReportFileNames.Report)));
        var reported = await TestbedCommand.RunAsync(Scratch.Path, "report", output);
        Assert.True(reported.Succeeded, reported.StandardError);
        Assert.Contains("cut short", File.ReadAllText(Path.Combine(output, ReportFileNames.Report)), StringComparison.Ordinal);
        Assert.Equal(new PngHeader(PlotCanvas.Width, PlotCanvas.Height), PngHeader.Read(Path.Combine(output, ReportFileNames.ResponseTime)));

        var clean = await TestbedCommand.RunAsync(Scratch.Path, "clean");
        Assert.True(clean.Succeeded, clean.StandardError);
        Assert.Empty(Scratch.Root.RunDirectories());
        Assert.All(processes, p => Assert.False(HostState.IsRunning(p), $"pid {p.Pid} still runs"));
        foreach (var netns in namespaces)
        {
            Assert.False(await HostState.NamespaceExistsAsync(netns), $"namespace {netns} is still there");
        }
    }

    [Theory]
    [InlineData("TERM", 1, "terminated (SIGTERM)")]
    [InlineData("INT", 2, "interrupted (SIGINT)")]
    public async Task A_signalled_run_stops_its_timeline_tears_down_and_says_so(string signal, int times, string reason)
    {
        var output = Path.Combine(_results.FullName, $"signalled-{signal}");
        IReadOnlyList<string> namespaces = [];
        using var run = LiveRun.Start(OneMove, output, Scratch.Path);
        try
        {
            var events = Path.Combine(output, ResultsFileNames.Events);
            await LiveRun.WaitUntilAsync(() => File.Exists(events) && LiveRun.ReadShared(events).Any(l => l.Contains("\"phase\":\"timeline\"", StringComparison.Ordinal)), TimeSpan.FromMinutes(5), run);
            namespaces = LiveRun.Namespaces(Scratch.Path, LiveRun.RunId(output)!);
            for (var i = 0; i < times; i++)
            {
                await CommandRunner.RunCheckedAsync("kill", [$"-{signal}", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            }

            // Generous: the teardown stops the routers, the guest and the network, about 5 s here.
            await run.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        }
        finally
        {
            if (!run.HasExited)
            {
                run.Kill();
            }
        }

        Assert.Equal(RunCommand.InterruptedExitCode, run.ExitCode);
        var summary = RunResultsReader.Read(output).Summary!;
        Assert.False(summary.Completed);
        Assert.Equal(reason, summary.Error);
        Assert.Contains(LiveRun.ReadShared(Path.Combine(output, ResultsFileNames.Events)), l => l.Contains("\"run-ended\"", StringComparison.Ordinal));

        // Torn down by the run itself: nothing for `testbed clean` to find.
        Assert.Empty(Scratch.Root.RunDirectories());
        Assert.NotEmpty(namespaces);
        Assert.Empty(await LiveRun.StillThereAsync(namespaces));
    }

    public void Dispose() => _results.Delete(recursive: true);
}
