using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Hosting;
using Testbed.Control.Policies;
using Testbed.Experiments.Model;
using Testbed.Results.Files;
using Testbed.Topology.Routing;

namespace Testbed.Control.Grains;

/// <summary>
/// Keeps where every service's copies are, carries out placement steps one at a time
/// (the timeline's and its own), and for follow-users and replicate-on-demand checks the
/// groups' measured demand every check interval.
/// </summary>
[CoordinatorPlacement]
public sealed class PlacementPolicyGrain(Experiment experiment, IRunRecords records) : Grain, IPlacementPolicyGrain
{
    /// <summary>How often the policy looks when the file does not say.</summary>
    public static readonly TimeSpan DefaultCheckEvery = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, ServicePlacement> _placements = new(StringComparer.Ordinal);

    /// <summary>Each service's demand as last recorded, so that a demand event is written only when it changes.</summary>
    private readonly Dictionary<string, string> _lastDemand = new(StringComparer.Ordinal);
    private IGrainTimer? _timer;
    private ShortestPaths? _paths;

    private PolicySpec Policy => experiment.Policy;

    private TimeSpan CheckEvery => Policy.CheckEvery ?? DefaultCheckEvery;

    public Task StartAsync()
    {
        foreach (var service in experiment.Services)
        {
            _placements[service.Name] = new ServicePlacement(service.Name, service.DataCenter, []);
        }

        if (Policy.Kind is PolicyKind.FollowUsers or PolicyKind.ReplicateOnDemand)
        {
            _timer = this.RegisterGrainTimer(_ => CheckAsync(), CheckEvery, CheckEvery);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        _timer?.Dispose();
        _timer = null;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ServicePlacement>> GetPlacementsAsync() => Task.FromResult<IReadOnlyList<ServicePlacement>>([.. _placements.Values]);

    public async Task<PlacementResult> ApplyAsync(PlacementStep change)
    {
        var placement = _placements.TryGetValue(change.Service, out var known)
            ? known
            : throw new ArgumentException($"unknown service '{change.Service}'", nameof(change));
        var refusal = Refusal(placement, change);
        if (refusal is not null)
        {
            records.Event("placement-refused", new { Step = change.Kind.ToString().ToLowerInvariant(), change.Service, change.DataCenter, change.Reason, Why = refusal });
            return new PlacementResult(change, placement.Primary, PlacementOutcome.Refused, refusal);
        }

        var result = change.Kind switch
        {
            PlacementStepKind.Migrate => await Vm(placement.Primary, change.Service).MigrateToAsync(change.DataCenter, change.Reason, change.Migration),
            PlacementStepKind.Replicate => await Vm(placement.Primary, change.Service).ReplicateToAsync(change.DataCenter, change.Reason),
            _ => await Vm(change.DataCenter, change.Service).DropAsync(change.Reason),
        };
        if (result.Succeeded)
        {
            _placements[change.Service] = change.Kind switch
            {
                PlacementStepKind.Migrate => placement with { Primary = change.DataCenter },
                PlacementStepKind.Replicate => placement with { Replicas = [.. placement.Replicas, change.DataCenter] },
                _ => placement with { Replicas = [.. placement.Replicas.Where(r => r != change.DataCenter)] },
            };
        }

        return result;
    }

    private static string? Refusal(ServicePlacement placement, PlacementStep change) => change.Kind switch
    {
        PlacementStepKind.Migrate when placement.Primary == change.DataCenter => $"{change.Service} already runs in {change.DataCenter}",
        PlacementStepKind.Migrate when placement.Replicas.Contains(change.DataCenter) => $"{change.Service} has a replica in {change.DataCenter}; drop it first",
        PlacementStepKind.Replicate when placement.Primary == change.DataCenter || placement.Replicas.Contains(change.DataCenter) =>
            $"{change.Service} already has a copy in {change.DataCenter}",
        PlacementStepKind.Drop when !placement.Replicas.Contains(change.DataCenter) => $"{change.Service} has no replica in {change.DataCenter}",
        _ => null,
    };

    private IVirtualMachineGrain Vm(string dataCenter, string service) => GrainFactory.GetGrain<IVirtualMachineGrain>(VirtualMachineKey.Of(dataCenter, service));

    public async Task CheckAsync()
    {
        var demand = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var group in experiment.UserGroups)
        {
            var measured = await GrainFactory.GetGrain<IUserGroupGrain>(group.Name).GetDemandAsync();
            var bySite = demand.TryGetValue(measured.Service, out var existing) ? existing : demand[measured.Service] = new(StringComparer.Ordinal);
            foreach (var (site, rate) in measured.RequestsPerSecondBySite)
            {
                bySite[site] = bySite.GetValueOrDefault(site) + rate;
            }
        }

        var candidates = new List<string>();
        foreach (var dataCenter in experiment.Topology.DataCenters)
        {
            if (!(await GrainFactory.GetGrain<IDataCenterGrain>(dataCenter.Name).GetStatusAsync()).Failed)
            {
                candidates.Add(dataCenter.Name);
            }
        }

        foreach (var (service, placement) in _placements.ToList())
        {
            var bySite = demand.GetValueOrDefault(service) ?? [];

            // What the policy saw, each time it changes: with moving users, the demand it
            // followed is part of the result (a report can set it beside handovers.csv).
            var seen = string.Join(",", bySite.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Value:R}"));
            if (_lastDemand.GetValueOrDefault(service) != seen)
            {
                _lastDemand[service] = seen;
                records.Event("demand", new { Service = service, DemandBySite = bySite });
            }

            PlacementStep? step = Policy.Kind == PolicyKind.FollowUsers
                ? FollowUsersPolicy.Decide(placement.Primary, bySite, candidates, RoundTripMs, Policy.HysteresisPercent) is { } target
                    ? new PlacementStep(PlacementStepKind.Migrate, service, target, "policy")
                    : null
                : ReplicateOnDemandPolicy.Decide(placement, bySite, candidates, RoundTripMs, Policy.ReplicateAbovePerSecond, Policy.DropBelowPerSecond);
            if (step is not null)
            {
                records.Event("policy-decision", new { Policy = PolicyNames.Name(Policy.Kind), Step = step.Kind.ToString().ToLowerInvariant(), step.Service, step.DataCenter, DemandBySite = bySite });
                await ApplyAsync(step);
            }
        }
    }

    /// <summary>The configured round trip between a site and a data center along the routed path: what the policy optimises.</summary>
    private double RoundTripMs(string site, string dataCenter) =>
        2 * ((_paths ??= ShortestPaths.Compute(experiment.Topology)).Between(site, dataCenter)?.DelayMs ?? double.PositiveInfinity);
}
