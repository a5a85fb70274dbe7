using Testbed.Control.Contracts.Grains;
using Testbed.Control.Runs;
using Testbed.Control.World;
using Testbed.Mechanisms.Mobility;
using Testbed.Network.Calibration;
using Testbed.Network.Wan;
using Testbed.Overlay.Control;
using Testbed.Results.Records;
using Testbed.Topology.Routing;

namespace Testbed.Control.Hosts;

/// <summary>
/// The run's stages on this host: the WAN emulated with Mininet, the links measured, the
/// mechanism's routers started. Each stage runs on the thread pool, not on the calling
/// grain's scheduler: Mininet is driven through Python and blocks while it works, and the
/// grain must stay free to answer progress and abort.
/// </summary>
public sealed class EmulatedRunStages(RunWorld world, IGrainFactory grains) : IRunStages
{
    private readonly Dictionary<int, double?> _measuredDelays = [];

    /// <summary>What the other hosts of a run over several measured of the links they own, for the paths' measured delays.</summary>
    public void AddMeasuredDelays(IReadOnlyDictionary<int, double?> delays)
    {
        foreach (var (link, delay) in delays)
        {
            _measuredDelays[link] = delay;
        }
    }

    /// <summary>The links this host measured, by index.</summary>
    public IReadOnlyDictionary<int, double?> MeasuredDelays => _measuredDelays;

    public Task<BuiltNetwork> BuildNetworkAsync() => Task.Run(async () =>
    {
        world.Wan = await WanNetwork.BuildAsync(world.Runtime, world.Experiment.Topology, world.Emulation, RunWorld.Blocks, world.Experiment.Seed, world.Share, world.Stopping);
        world.NetworkBuilt();
        if (world.Share is { } share && world.Wan.UnderlayRoundTripsMs.Count > 0)
        {
            // The tunnels' own latency, as measured and taken off the links this host emulates: stated with the run.
            var topology = world.Experiment.Topology;
            world.Recorder.Event("tunnels", new
            {
                share.Host,
                UnderlayRoundTripMs = world.Wan.UnderlayRoundTripsMs,
                CutLinks = topology.Links.Select((link, i) => (link, i)).Where(x => world.Wan.IsCut(x.i) && world.Wan.Owns(x.i))
                    .Select(x => new { Link = x.link.ToString(), TakenOffEachWayMs = Math.Round(world.Wan.TunnelOneWayMs(x.i), 4) }).ToList(),
            });
        }

        return new BuiltNetwork(world.LinkEmulationBuilt!, world.Wan.BuildTime);
    });

    public Task CalibrateLinksAsync() => Task.Run(async () =>
    {
        var calibration = await LinkCalibrator.CalibrateAsync(world.Runtime, world.Wan, world.Stopping);
        world.Recorder.Calibration(calibration.Select(c => new CalibrationRow(
            c.LinkIndex, c.A, c.B, c.EmulationName, c.ConfiguredDelayMs, c.MeasuredDelayMs, c.DelayP99Ms, c.DelayErrorMs, c.DelayToleranceMs,
            c.ConfiguredMbps, c.MeasuredMbps, c.ThroughputRatio, c.Ok)));
        AddMeasuredDelays(LinkCalibrator.EnsurePassed(calibration).ToDictionary(c => c.LinkIndex, c => c.MeasuredDelayMs));
    });

    public Task<IReadOnlyList<PathRow>> StartMechanismAsync(string home) => Task.Run<IReadOnlyList<PathRow>>(async () =>
    {
        var experiment = world.Experiment;
        // A router another host runs is reached through its grain, which is placed on that host.
        world.Mechanism = await MobilityMechanisms.StartAsync(experiment.Mechanism, world.Runtime, world.Wan, home, experiment.ReaddressTtl,
            dataCenter => RouterControlClient.Relayed(dataCenter, (line, _) => grains.GetGrain<ISmartRouterGrain>(dataCenter).RelayAsync(line)), world.Stopping);

        // Response time is set against these, and against the same links as calibration
        // measured them, which tells the links' part from the rest.
        var paths = new List<PathRow>();
        foreach (var site in experiment.Topology.UserSites)
        {
            foreach (var dc in experiment.Topology.DataCenters)
            {
                if (MechanismPaths.Of(experiment.Mechanism, world.Wan.Routes, home, site.Name, dc.Name) is { } path)
                {
                    var crossed = path.ForwardLinks.Concat(path.ReturnLinks).Select(i => _measuredDelays.GetValueOrDefault(i)).ToList();
                    double? measured = crossed.All(d => d is not null) ? Math.Round(crossed.Sum(d => d!.Value), 3) : null;
                    paths.Add(new PathRow(site.Name, dc.Name, Math.Round(path.ForwardMs, 3), Math.Round(path.ReturnMs, 3), path.LinkCrossings, measured));
                }
            }
        }

        return paths;
    });

    public Task WarmUpAsync() => Task.Run(TimelineWarmUp.Compile, world.Stopping);

    public Task TearDownAsync() => Task.Run(world.TearDownAsync);
}
