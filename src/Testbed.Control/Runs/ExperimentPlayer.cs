using Microsoft.Extensions.Logging;
using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.World;
using Testbed.Experiments.Model;
using Testbed.Mechanisms.Mobility;
using Testbed.Network.Calibration;
using Testbed.Network.Wan;
using Testbed.Results.Records;
using Testbed.Topology;
using Testbed.Topology.Routing;
using Testbed.Workload.Protocol;

namespace Testbed.Control.Runs;

/// <summary>
/// The phases of one run, in order: network, calibration, mechanism, VMs, users, the
/// timeline, then stopping and teardown, which run however the rest ended. Every step goes
/// through the grains; this class only sequences them and keeps the clock.
/// </summary>
public sealed partial class ExperimentPlayer(RunWorld world, IGrainFactory grains, ILogger<ExperimentPlayer> logger)
{
    /// <summary>How long events still running at the end (a migration, say) may take to finish before teardown.</summary>
    public static readonly TimeSpan PendingEventGrace = TimeSpan.FromMinutes(5);

    private readonly List<Task> _pending = [];
    private bool _usersStarted;

    public bool Completed { get; private set; }

    public string? Error { get; private set; }

    private Experiment Experiment => world.Experiment;

    private CancellationToken Stopping => world.Stopping;

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
            Error = world.AbortReason ?? "aborted";
        }
        catch (Exception e)
        {
            Error = OneLine(e);
            world.Recorder.Event("error", new { Message = Error, Type = e.GetType().Name });
            Log.RunFailed(logger, Error, e);
        }
        finally
        {
            await StopUsersAsync();
            await WaitForPendingAsync();
            EnterPhase(RunPhases.Teardown);
            try
            {
                await world.TearDownAsync();
            }
            catch (Exception e)
            {
                Error ??= "teardown: " + OneLine(e);
            }

            EnterPhase(Error is null ? RunPhases.Finished : RunPhases.Failed);
        }
    }

    private async Task SetUpAsync()
    {
        EnterPhase(RunPhases.Network);
        world.Wan = await WanNetwork.BuildAsync(world.Runtime, Experiment.Topology, world.Emulation, RunWorld.Blocks, Experiment.Seed, Stopping);
        world.Recorder.Event("network-built", new { LinkEmulation = world.Wan.Emulation.ToString().ToLowerInvariant(), BuildS = world.Wan.BuildTime.TotalSeconds });
        world.NetworkBuilt();

        EnterPhase(RunPhases.Calibration);
        var calibration = await LinkCalibrator.CalibrateAsync(world.Runtime, world.Wan, Stopping);
        world.Recorder.Calibration(calibration.Select(c => new CalibrationRow(
            c.LinkIndex, c.A, c.B, c.EmulationName, c.ConfiguredDelayMs, c.MeasuredDelayMs, c.DelayP99Ms, c.DelayErrorMs, c.DelayToleranceMs,
            c.ConfiguredMbps, c.MeasuredMbps, c.ThroughputRatio, c.Ok)));
        var measuredDelays = LinkCalibrator.EnsurePassed(calibration).ToDictionary(c => c.LinkIndex, c => c.MeasuredDelayMs);

        EnterPhase(RunPhases.Mechanism);
        var home = Experiment.Services.Count > 0 ? Experiment.Services[0].DataCenter : Experiment.Topology.DataCenters[0].Name;
        world.Mechanism = await MobilityMechanisms.StartAsync(Experiment.Mechanism, world.Runtime, world.Wan, home, Experiment.ReaddressTtl, Stopping);

        // What each user site's requests should take to each data center: response time is set against it,
        // and against the same links as calibration measured them, which tells the links' part from the rest.
        foreach (var site in Experiment.Topology.UserSites)
        {
            foreach (var dc in Experiment.Topology.DataCenters)
            {
                if (MechanismPaths.Of(Experiment.Mechanism, world.Wan.Routes, home, site.Name, dc.Name) is { } path)
                {
                    var crossed = path.ForwardLinks.Concat(path.ReturnLinks).Select(i => measuredDelays.GetValueOrDefault(i)).ToList();
                    double? measured = crossed.All(d => d is not null) ? Math.Round(crossed.Sum(d => d!.Value), 3) : null;
                    world.Recorder.ConfiguredPath(new PathRow(site.Name, dc.Name, Math.Round(path.ForwardMs, 3), Math.Round(path.ReturnMs, 3), path.LinkCrossings, measured));
                }
            }
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
            Task.Run(TimelineWarmUp.Compile, Stopping)]);
        world.Recorder.StartClock(DateTimeOffset.UtcNow);
        await Task.WhenAll(Experiment.UserGroups.Select(g => grains.GetGrain<IUserGroupGrain>(g.Name).StartAsync()));
    }

    private async Task PlayTimelineAsync()
    {
        EnterPhase(RunPhases.Timeline);
        var policy = grains.GetGrain<IPlacementPolicyGrain>(world.RunId);
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
        var wait = at - TimeSpan.FromSeconds(world.Recorder.Now());
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, Stopping);
        }
    }

    /// <summary>Carries out one event; a failure is recorded and does not stop the run.</summary>
    private async Task DispatchAsync(TimelineEvent timelineEvent, IPlacementPolicyGrain policy)
    {
        var description = TimelineText.Describe(timelineEvent);
        world.Recorder.Event("timeline", new { Event = description, AtS = timelineEvent.At.TotalSeconds });
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
                    await grains.GetGrain<IWanGrain>(world.RunId).ChangeLinkAsync(set.A, set.B, new LinkSettingChange(
                        set.Change.DelayMs, set.Change.JitterMs, set.Change.LossPercent, set.Change.BandwidthMbps, set.Change.QueuePackets));
                    break;
                case FailLink fail:
                    await grains.GetGrain<IWanGrain>(world.RunId).SetLinkUpAsync(fail.A, fail.B, false);
                    break;
                case RestoreLink restore:
                    await grains.GetGrain<IWanGrain>(world.RunId).SetLinkUpAsync(restore.A, restore.B, true);
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
            world.Recorder.Event("timeline-failed", new { Event = description, Message = OneLine(e) });
            Log.TimelineStepFailed(logger, description, OneLine(e), e);
        }
    }

    private void Report(string description, PlacementResult result)
    {
        if (!result.Succeeded)
        {
            world.Recorder.Event("timeline-failed", new { Event = description, Message = $"{result.Outcome}: {result.Error}" });
            Log.TimelineStepFailed(logger, description, $"{result.Outcome}: {result.Error}", null);
        }
    }

    private void EnterPhase(string phase)
    {
        world.Phase = phase;
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
                world.Recorder.Event("error", new { Message = $"stopping {group.Name}: {OneLine(e)}" });
            }
        }
    }

    private async Task WaitForPendingAsync()
    {
        try
        {
            await Task.WhenAll(_pending).WaitAsync(PendingEventGrace);
        }
        catch (Exception e)
        {
            world.Recorder.Event("error", new { Message = $"events still running at the end: {OneLine(e)}" });
        }
    }

    private static string OneLine(Exception e) => (e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e).Message.ReplaceLineEndings(" ");
}
