using Microsoft.Extensions.Logging;
using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Hosts;
using Testbed.Experiments.Model;
using Testbed.Results.Files;
using Testbed.Results.Records;
using Testbed.Topology;
using Testbed.Workload.Protocol;
using Testbed.Workload.Records;

namespace Testbed.Control.Runs;

/// <summary>
/// The phases of one run, in order: network, calibration, mechanism, VMs, users, the
/// timeline, then stopping and teardown, which run however the rest ended. Every step goes
/// through a grain or this host's stages; this class only sequences them, keeps the phase
/// and the clock. The experiment grain owns one and runs it on its own scheduler.
/// </summary>
public sealed partial class ExperimentPlayer(
    Experiment experiment, string runId, IRunStages stages, IRunRecords records, IRunLifetime lifetime, IGrainFactory grains, ILogger<ExperimentPlayer> logger)
{
    /// <summary>How long events still running at the end (a migration, say) may take to finish before teardown.</summary>
    public static readonly TimeSpan PendingEventGrace = TimeSpan.FromMinutes(5);

    private readonly List<Task> _pending = [];
    private bool _usersStarted;

    public bool Completed { get; private set; }

    /// <summary>One of <see cref="RunPhases"/>; each change is recorded as it happens.</summary>
    public string Phase { get; private set; } = RunPhases.Starting;

    public string? Error { get; private set; }

    private Experiment Experiment => experiment;

    private CancellationToken Stopping => lifetime.Stopping;

    public async Task PlayAsync()
    {
        try
        {
            await SetUpAsync();
            await PlayTimelineAsync();
            Completed = true;
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
            Error = lifetime.AbortReason ?? "aborted";
        }
        catch (Exception e)
        {
            Error = OneLine(e);
            records.Event("error", new { Message = Error, Type = e.GetType().Name });
            Log.RunFailed(logger, Error, e);
        }
        finally
        {
            await StopUsersAsync();
            await WaitForPendingAsync();
            if (Completed)
            {
                await RecordRouterTablesAsync();
            }

            EnterPhase(RunPhases.Teardown);
            try
            {
                await stages.TearDownAsync();
            }
            catch (Exception e)
            {
                Error ??= "teardown: " + OneLine(e);
            }

            EnterPhase(Error is null ? RunPhases.Finished : RunPhases.Failed);
        }
    }

    /// <summary>The WAN's located nodes and links, for the report's map (map.csv).</summary>
    private void RecordMap()
    {
        var topology = Experiment.Topology;
        foreach (var node in topology.Nodes.Where(n => n.Location is not null))
        {
            var kind = node switch
            {
                DataCenter => MapRow.DataCenter,
                WanRouter => MapRow.WanRouter,
                _ => MapRow.UserSite,
            };
            records.MapFeature(new MapRow(kind, node.Name, node.Location!.Value.Latitude, node.Location.Value.Longitude));
        }

        foreach (var link in topology.Links)
        {
            if (topology.Node(link.A).Location is { } a && topology.Node(link.B).Location is { } b)
            {
                records.MapFeature(new MapRow(MapRow.Link, link.ToString(), a.Latitude, a.Longitude, b.Latitude, b.Longitude));
            }
        }
    }

    private async Task SetUpAsync()
    {
        RecordMap();
        EnterPhase(RunPhases.Network);
        var network = await stages.BuildNetworkAsync();
        records.Event("network-built", new { network.LinkEmulation, BuildS = network.BuildTime.TotalSeconds });

        EnterPhase(RunPhases.Calibration);
        await stages.CalibrateLinksAsync();

        EnterPhase(RunPhases.Mechanism);
        var home = Experiment.Services.Count > 0 ? Experiment.Services[0].DataCenter : Experiment.Topology.DataCenters[0].Name;
        foreach (var path in await stages.StartMechanismAsync(home))
        {
            records.ConfiguredPath(path);
        }

        EnterPhase(RunPhases.Booting);
        foreach (var service in Experiment.Services)
        {
            await grains.GetGrain<IVirtualMachineGrain>(VirtualMachineKey.Of(service.DataCenter, service.Name)).BootAsync();
        }

        // One guest at a time, once all have booted, so no boot competes with a measurement.
        EnterPhase(RunPhases.GuestCalibration);
        foreach (var service in Experiment.Services)
        {
            var requestBytes = Experiment.UserGroups.Where(g => g.Service == service.Name).Select(g => (int)g.RequestBytes).DefaultIfEmpty(RequestLine.MinimumSize).Max();
            await grains.GetGrain<IVirtualMachineGrain>(VirtualMachineKey.Of(service.DataCenter, service.Name)).CalibrateAsync(requestBytes);
        }

        // The clients start up before the clock does, and this process compiles its
        // per-record code meanwhile: a .NET process's start and its first compilations cost
        // a few hundred ms of CPU, which the run's first second would otherwise carry. t = 0
        // is when the clients are told to start, so their first requests are part of the run.
        EnterPhase(RunPhases.Users);
        _usersStarted = true;
        await Task.WhenAll([
            .. Experiment.UserGroups.Select(g => grains.GetGrain<IUserGroupGrain>(g.Name).LaunchAsync()),
            stages.WarmUpAsync()]);
        var zero = DateTimeOffset.UtcNow;
        records.StartClock(zero);
        await stages.ClockStartedAsync(zero);
        await Task.WhenAll(Experiment.UserGroups.Select(g => grains.GetGrain<IUserGroupGrain>(g.Name).StartAsync()));
    }

    private async Task PlayTimelineAsync()
    {
        EnterPhase(RunPhases.Timeline);
        var policy = grains.GetGrain<IPlacementPolicyGrain>(runId);
        await policy.StartAsync();
        try
        {
            foreach (var timelineEvent in Experiment.Timeline.OrderBy(e => e.At))
            {
                await DelayUntilAsync(timelineEvent.At);
                _pending.Add(DispatchAsync(timelineEvent, policy));
            }

            await DelayUntilAsync(Experiment.Duration);
        }
        finally
        {
            await policy.StopAsync();
        }
    }

    private async Task DelayUntilAsync(TimeSpan at)
    {
        var wait = at - TimeSpan.FromSeconds(records.Now());
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, Stopping);
        }
    }

    /// <summary>Carries out one event; a failure is recorded and does not stop the run.</summary>
    private async Task DispatchAsync(TimelineEvent timelineEvent, IPlacementPolicyGrain policy)
    {
        var description = TimelineText.Describe(timelineEvent);
        records.Event("timeline", new { Event = description, AtS = timelineEvent.At.TotalSeconds });
        Log.TimelineStep(logger, timelineEvent.At.TotalSeconds, description);
        try
        {
            switch (timelineEvent)
            {
                case MoveGroup move:
                    await grains.GetGrain<IUserGroupGrain>(move.Group).MoveAsync(move.To, move.Over.TotalSeconds);
                    break;
                case ScaleGroup scale:
                    await grains.GetGrain<IUserGroupGrain>(scale.Group).ScaleAsync(scale.Users);
                    break;
                case SetLink set:
                    await grains.GetGrain<IWanGrain>(runId).ChangeLinkAsync(set.A, set.B, new LinkSettingChange(
                        set.Change.DelayMs, set.Change.JitterMs, set.Change.LossPercent, set.Change.BandwidthMbps, set.Change.QueuePackets));
                    break;
                case FailLink fail:
                    await grains.GetGrain<IWanGrain>(runId).SetLinkUpAsync(fail.A, fail.B, false);
                    break;
                case RestoreLink restore:
                    await grains.GetGrain<IWanGrain>(runId).SetLinkUpAsync(restore.A, restore.B, true);
                    break;
                case FailDataCenter failed:
                    await grains.GetGrain<IDataCenterGrain>(failed.DataCenter).FailAsync();
                    break;
                case MigrateService migrate:
                    Report(description, await policy.ApplyAsync(new PlacementStep(PlacementStepKind.Migrate, migrate.Service, migrate.To, "timeline",
                        migrate.Migration is { } m ? new MigrationOptions(m.DowntimeLimit?.TotalMilliseconds, m.MaxBandwidthMbps, m.MultifdChannels, m.Postcopy, m.XbzrleCacheBytes, m.AutoConverge) : null)));
                    break;
                case ReplicateService replicate:
                    Report(description, await policy.ApplyAsync(new PlacementStep(PlacementStepKind.Replicate, replicate.Service, replicate.To, "timeline")));
                    break;
                case DropReplica drop:
                    Report(description, await policy.ApplyAsync(new PlacementStep(PlacementStepKind.Drop, drop.Service, drop.DataCenter, "timeline")));
                    break;
                default:
                    throw new NotSupportedException($"no handler for {timelineEvent.GetType().Name}");
            }
        }
        catch (Exception e) when (!Stopping.IsCancellationRequested)
        {
            records.Event("timeline-failed", new { Event = description, Message = OneLine(e) });
            Log.TimelineStepFailed(logger, description, OneLine(e), e);
        }
    }

    private void Report(string description, PlacementResult result)
    {
        if (!result.Succeeded)
        {
            var why = $"{EnumWords<PlacementOutcome>.Word(result.Outcome)}: {result.Error}";
            records.Event("timeline-failed", new { Event = description, Message = why });
            Log.TimelineStepFailed(logger, description, why, null);
        }
    }

    /// <summary>
    /// Where each smart router sends each service once the timeline and its events are over, in
    /// events.jsonl: the routers of one mechanism should agree, and a table that disagrees
    /// shows a switch-over that did not reach every router.
    /// </summary>
    private async Task RecordRouterTablesAsync()
    {
        foreach (var dc in Experiment.Topology.DataCenters)
        {
            try
            {
                if (await grains.GetGrain<ISmartRouterGrain>(dc.Name).GetStatusAsync() is { } status)
                {
                    records.Event("router-table", new { status.DataCenter, status.Table, status.Flows });
                }
            }
            catch (Exception e)
            {
                records.Event("error", new { Message = $"reading the router of {dc.Name}: {OneLine(e)}" });
                Log.RouterUnreadable(logger, dc.Name, OneLine(e), e);
            }
        }
    }

    /// <summary>Moves to the next phase; a set-up phase is not begun once the run is aborted.</summary>
    private void EnterPhase(string phase)
    {
        if (phase is not (RunPhases.Stopping or RunPhases.Teardown or RunPhases.Finished or RunPhases.Failed))
        {
            Stopping.ThrowIfCancellationRequested();
        }

        Phase = phase;
        records.Event("phase", new { Phase = phase });

        // What the phase before recorded survives a crash of the machine from here on.
        records.Checkpoint();
        Log.Phase(logger, phase);
    }

    private async Task StopUsersAsync()
    {
        if (!_usersStarted)
        {
            return;
        }

        EnterPhase(RunPhases.Stopping);
        foreach (var group in Experiment.UserGroups)
        {
            try
            {
                await grains.GetGrain<IUserGroupGrain>(group.Name).StopAsync();
            }
            catch (Exception e)
            {
                records.Event("error", new { Message = $"stopping {group.Name}: {OneLine(e)}" });
            }
        }
    }

    private async Task WaitForPendingAsync()
    {
        try
        {
            await Task.WhenAll(_pending).WaitAsync(PendingEventGrace, lifetime.Hurrying);
        }
        catch (OperationCanceledException) when (lifetime.Hurrying.IsCancellationRequested)
        {
            records.Event("error", new { Message = "teardown hurried: events still running were not waited for" });
        }
        catch (Exception e) when (Stopping.IsCancellationRequested)
        {
            records.Event("error", new { Message = $"events in flight were stopped by the abort: {OneLine(e)}" });
        }
        catch (Exception e)
        {
            records.Event("error", new { Message = $"events still running at the end: {OneLine(e)}" });
        }
    }

    private static string OneLine(Exception e) => (e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e).Message.ReplaceLineEndings(" ");
}
