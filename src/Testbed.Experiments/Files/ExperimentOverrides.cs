using Testbed.Experiments.Model;
using Testbed.Topology.Routing;

namespace Testbed.Experiments.Files;

/// <summary>
/// The command line's --mechanism, --policy and --seed over a file's own choices, with the
/// checks that a changed choice can break: placement events need the scripted policy, and
/// replicas need a mechanism that can route to several copies.
/// </summary>
public static class ExperimentOverrides
{
    public static Experiment Apply(Experiment experiment, string? mechanism, string? policy, int? seed)
    {
        var result = experiment;
        if (mechanism is not null)
        {
            result = result with { Mechanism = MechanismNames.Parse(mechanism) };
        }

        if (policy is not null)
        {
            result = result with { Policy = result.Policy with { Kind = PolicyNames.Parse(policy) } };
        }

        if (seed is { } value)
        {
            result = result with { Seed = value };
        }

        var problems = Problems(result);
        return problems.Count == 0
            ? result
            : throw new ArgumentException(string.Join("; ", problems));
    }

    /// <summary>What cannot run as chosen; empty when all is well.</summary>
    public static IReadOnlyList<string> Problems(Experiment experiment)
    {
        var problems = new List<string>();
        var placementEvents = experiment.Timeline.Where(e => e is MigrateService or ReplicateService or DropReplica).ToList();
        if (placementEvents.Count > 0 && experiment.Policy.Kind != PolicyKind.Scripted)
        {
            problems.Add($"the timeline migrates, replicates or drops, which needs policy 'scripted', not '{PolicyNames.Name(experiment.Policy.Kind)}'");
        }

        var replicas = experiment.Policy.Kind == PolicyKind.ReplicateOnDemand || experiment.Timeline.Any(e => e is ReplicateService);
        if (replicas && experiment.Mechanism is not (MechanismKind.Overlay or MechanismKind.HomeTunnel))
        {
            problems.Add($"replicas need mechanism overlay or home-tunnel; {experiment.Mechanism.Name()} reaches one copy only");
        }

        return problems;
    }
}
