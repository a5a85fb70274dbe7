using Testbed.Experiments.Model;
using Testbed.Topology.Partitioning;

namespace Testbed.Control.Cluster;

/// <summary>
/// Which lab machine builds each part of an experiment's WAN. The guests' CPU is spread
/// (a data center weighs the vCPUs of every service that may run there: where it starts, where
/// the timeline sends it, and, under a policy that moves services itself, anywhere); user
/// sites stay on the coordinator, where the clients run; the rest follows the partitioner,
/// which cuts as little link weight as it can. A link with a bandwidth weighs so much that it
/// is cut only when pins leave no choice, and then the plan is refused: its rate would have to
/// be measured from its two hosts at once.
/// </summary>
public sealed record ClusterPlan(Partition Partition, int VniBase)
{
    /// <summary>What cutting a rate-limited link costs against an ordinary link's 1: more than any topology's links together.</summary>
    public const double RateLimitedLinkWeight = 1e6;

    public IReadOnlyDictionary<string, string> NodeHosts => Partition.HostOf;

    /// <summary>The hosts the plan gives at least one node, the coordinator first.</summary>
    public IReadOnlyList<string> HostsUsed(ClusterConfig config) =>
        [.. config.Hosts.Select(h => h.Name).Where(h => h == config.Coordinator.Name || NodeHosts.Values.Contains(h))];

    public static ClusterPlan For(Experiment experiment, ClusterConfig config, IReadOnlyDictionary<string, string> pins, string runId)
    {
        var topology = experiment.Topology;
        var demand = new Dictionary<string, double>(StringComparer.Ordinal);
        var movesItself = experiment.Policy.Kind is PolicyKind.FollowUsers or PolicyKind.ReplicateOnDemand;
        foreach (var service in experiment.Services)
        {
            var places = new HashSet<string>(StringComparer.Ordinal) { service.DataCenter };
            places.UnionWith(experiment.Timeline.OfType<MigrateService>().Where(m => m.Service == service.Name).Select(m => m.To));
            places.UnionWith(experiment.Timeline.OfType<ReplicateService>().Where(r => r.Service == service.Name).Select(r => r.To));
            if (movesItself)
            {
                places.UnionWith(topology.DataCenters.Select(d => d.Name));
            }

            foreach (var place in places)
            {
                demand[place] = demand.GetValueOrDefault(place) + service.Vcpus;
            }
        }

        var allPins = new Dictionary<string, string>(pins, StringComparer.Ordinal);
        foreach (var site in topology.UserSites)
        {
            if (allPins.TryGetValue(site.Name, out var pinned) && pinned != config.Coordinator.Name)
            {
                throw new PartitionException($"user site {site.Name} is pinned to {pinned}: user sites stay on the coordinator ({config.Coordinator.Name}), where the clients run");
            }

            allPins[site.Name] = config.Coordinator.Name;
        }

        foreach (var (node, host) in allPins)
        {
            if (config.Hosts.All(h => h.Name != host))
            {
                throw new PartitionException($"{node} is pinned to {host}, which is not a host of the cluster ({string.Join(", ", config.Hosts.Select(h => h.Name))})");
            }
        }

        var weights = topology.Links.Select((link, i) => (link, i)).Where(x => x.link.Properties.BandwidthMbps is not null)
            .ToDictionary(x => x.i, _ => RateLimitedLinkWeight);
        var partition = Partitioner.Compute(new PartitionRequest(topology, [.. config.Hosts.Select(h => h.Name)], demand, weights, allPins));
        foreach (var cut in partition.CutLinks.Where(weights.ContainsKey))
        {
            var link = topology.Links[cut];
            throw new PartitionException(
                $"link {link.A}-{link.B} has a bandwidth and would be cut between {partition.HostOf[link.A]} and {partition.HostOf[link.B]}: its rate cannot be measured from one end; pin both ends to one host");
        }

        return new ClusterPlan(partition, VniBaseOf(runId));
    }

    /// <summary>A run's tunnels' first VXLAN identifier, from its id: two runs over the same hosts rarely share one, and 1000 links fit above it.</summary>
    public static int VniBaseOf(string runId)
    {
        var hash = 2166136261u;
        foreach (var c in runId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return 1 + (int)(hash % 16000) * 1000;
    }
}
