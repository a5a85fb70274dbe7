using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Hosts;
using Testbed.Control.Runs;
using Testbed.Control.Tests.Fakes;
using Testbed.Experiments.Model;
using Testbed.Lab.Timing;
using Testbed.Workload.Records;

namespace Testbed.Control.Tests.Grains;

/// <summary>
/// A whole run through the experiment grain, with every host service faked: the order of its
/// stages, what an abort or a failed stage leaves behind, and that teardown always runs.
/// </summary>
public sealed class ExperimentGrainTests
{
    private const string RunId = "run-with-fakes";

    /// <summary>Far longer than a run with fakes takes; only a hang reaches it.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_run_sets_up_plays_its_timeline_and_tears_down_in_order()
    {
        // The example's migration at once, and a timeline that ends there: nothing waits on a clock.
        await using var lab = new GrainsWithFakes(e => e with { Duration = TimeSpan.Zero, Timeline = [.. e.Timeline.Select(t => t with { At = TimeSpan.Zero })] });
        await lab.InitializeAsync();
        var service = lab.Experiment.Services[0];
        var migration = Assert.IsType<MigrateService>(Assert.Single(lab.Experiment.Timeline));

        var progress = await RunToTheEndAsync(lab);

        Assert.Null(progress.Error);
        Assert.Equal(RunPhases.Finished, progress.Phase);
        Assert.Equal(
            [RunPhases.Network, RunPhases.Calibration, RunPhases.Mechanism, RunPhases.Booting, RunPhases.GuestCalibration, RunPhases.Users,
             RunPhases.Timeline, RunPhases.Stopping, RunPhases.Teardown, RunPhases.Finished],
            lab.Records.Phases);

        // What each phase recorded is put on disk as the next one begins.
        Assert.Equal(lab.Records.Phases.Count, lab.Records.Checkpoints);
        Assert.Equal(
            [nameof(IRunStages.BuildNetworkAsync), nameof(IRunStages.CalibrateLinksAsync), $"{nameof(IRunStages.StartMechanismAsync)}({service.DataCenter})",
             nameof(IRunStages.WarmUpAsync), nameof(IRunStages.TearDownAsync)],
            lab.Stages.Calls);
        Assert.Equal(lab.Experiment.Topology.UserSites.Count * lab.Experiment.Topology.DataCenters.Count, lab.Records.Paths.Count);
        Assert.NotNull(lab.Records.Zero);

        // The timeline's migration went through the policy and the VM's grain to the guests.
        var row = Assert.Single(lab.Records.Migrations);
        Assert.Equal((service.DataCenter, migration.To, MigrationOutcome.Completed), (row.From, row.To, row.Outcome));
        Assert.Equal([$"{service.Name}@{migration.To}"], lab.Guests.Running);

        // Every group's client was started at t = 0 and stopped at the end.
        var client = Assert.Single(lab.Clients.Processes.Values);
        Assert.True(client.HasExited);

        // Each router's table, read once the migration was over, sends the service to its new data center.
        var tables = lab.Records.EventDetails.Where(e => e.Kind == "router-table").Select(e => Status(e.Details)).ToList();
        Assert.Equal(lab.Experiment.Topology.DataCenters.Select(d => d.Name), tables.Select(t => t.DataCenter));
        Assert.All(tables, t => Assert.Equal(migration.To, t.Table[service.Name]));
    }

    [Fact]
    public async Task An_abort_during_set_up_boots_nothing_and_still_tears_down()
    {
        await using var lab = new GrainsWithFakes();
        await lab.InitializeAsync();
        lab.Stages.HoldNetwork = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = lab.Grains.GetGrain<IExperimentGrain>(RunId);

        await run.StartAsync();
        await lab.Stages.NetworkAsked.Task.WaitAsync(Patience);
        Assert.Equal(RunPhases.Network, (await run.GetProgressAsync()).Phase);
        await run.AbortAsync("stopped by the test");
        lab.Stages.HoldNetwork.SetResult();
        var progress = await RunToTheEndAsync(lab, started: true);

        Assert.Equal("stopped by the test", progress.Error);
        Assert.Equal(RunPhases.Failed, progress.Phase);
        Assert.Equal([nameof(IRunStages.BuildNetworkAsync), nameof(IRunStages.TearDownAsync)], lab.Stages.Calls);
        Assert.Empty(lab.Guests.Calls);
        Assert.Empty(lab.Clients.Processes);
        Assert.Null(lab.Records.Zero);
    }

    [Fact]
    public async Task An_abort_in_the_timeline_plays_no_further_event_stops_the_users_and_tears_down()
    {
        // The example's migration is seconds into the timeline, and the fake clock never gets there.
        await using var lab = new GrainsWithFakes();
        await lab.InitializeAsync();
        Assert.All(lab.Experiment.Timeline, e => Assert.True(e.At > TimeSpan.Zero));
        var run = lab.Grains.GetGrain<IExperimentGrain>(RunId);

        await run.StartAsync();
        await WaitUntil.TrueAsync(async _ => (await run.GetProgressAsync()).Phase == RunPhases.Timeline, Patience, TimeSpan.FromMilliseconds(10),
            () => new TimeoutException("the run did not reach its timeline"));
        await run.AbortAsync("stopped by the test");
        var progress = await RunToTheEndAsync(lab, started: true);

        Assert.Equal("stopped by the test", progress.Error);
        Assert.Equal(RunPhases.Failed, progress.Phase);
        Assert.Equal(RunPhases.Stopping, lab.Records.Phases.SkipWhile(p => p != RunPhases.Timeline).Skip(1).First());
        Assert.Equal(nameof(IRunStages.TearDownAsync), lab.Stages.Calls.Last());
        Assert.Empty(lab.Records.Migrations);
        Assert.DoesNotContain(lab.Records.Events, e => e == "router-table");
        Assert.True(Assert.Single(lab.Clients.Processes.Values).HasExited);
    }

    [Fact]
    public async Task A_failed_stage_fails_the_run_with_its_message_and_still_tears_down()
    {
        await using var lab = new GrainsWithFakes();
        await lab.InitializeAsync();
        lab.Stages.Fails = (nameof(IRunStages.CalibrateLinksAsync), "link r1-r2 is 40% off its delay");

        var progress = await RunToTheEndAsync(lab);

        Assert.Equal("link r1-r2 is 40% off its delay", progress.Error);
        Assert.Equal(RunPhases.Failed, progress.Phase);
        Assert.Equal([nameof(IRunStages.BuildNetworkAsync), nameof(IRunStages.CalibrateLinksAsync), nameof(IRunStages.TearDownAsync)], lab.Stages.Calls);
        Assert.Contains("error", lab.Records.Events);
        Assert.Empty(lab.Guests.Calls);
    }

    [Fact]
    public async Task A_run_cannot_be_started_twice()
    {
        await using var lab = new GrainsWithFakes();
        await lab.InitializeAsync();
        lab.Stages.HoldNetwork = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = lab.Grains.GetGrain<IExperimentGrain>(RunId);

        await run.StartAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(run.StartAsync);
        lab.Stages.HoldNetwork.SetResult();
        await run.AbortAsync("done");
    }

    private static async Task<RunProgress> RunToTheEndAsync(GrainsWithFakes lab, bool started = false)
    {
        var run = lab.Grains.GetGrain<IExperimentGrain>(RunId);
        if (!started)
        {
            await run.StartAsync();
        }

        return await WaitUntil.FoundAsync(async _ => await run.GetProgressAsync() is { Finished: true } p ? p : null, Patience, TimeSpan.FromMilliseconds(10),
            () => new TimeoutException("the run did not finish"));
    }

    /// <summary>The router-table event's details, which are the status's fields.</summary>
    private static RouterStatus Status(object? details) => details is null ? throw new ArgumentNullException(nameof(details))
        : new RouterStatus(
            (string)details.GetType().GetProperty(nameof(RouterStatus.DataCenter))!.GetValue(details)!,
            (IReadOnlyDictionary<string, string>)details.GetType().GetProperty(nameof(RouterStatus.Table))!.GetValue(details)!,
            (int)details.GetType().GetProperty(nameof(RouterStatus.Flows))!.GetValue(details)!);
}
