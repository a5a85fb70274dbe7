using Testbed.Topology;

namespace Testbed.Topology.Routing;

/// <summary>
/// Shortest paths by one-way delay between every pair of nodes. Traffic crosses routers
/// only: a user site starts or ends a path, never carries one. Ties go to fewer hops, then
/// to the first link in topology order, so the same topology always routes the same way.
/// </summary>
public sealed class ShortestPaths
{
    private readonly Dictionary<(string From, string To), PathChoice> _choices;

    private ShortestPaths(WanTopology topology, Dictionary<(string, string), PathChoice> choices)
    {
        Topology = topology;
        _choices = choices;
    }

    public WanTopology Topology { get; }

    public static ShortestPaths Compute(WanTopology topology)
    {
        // Each node's links and each link's delay, found once: looking them up in the lists for
        // every step of every search made a 200-router network take seconds.
        var forwards = topology.Nodes.ToDictionary(n => n.Name, n => n.Forwards, StringComparer.Ordinal);
        var adjacency = topology.Nodes.ToDictionary(n => n.Name, _ => new List<(string Next, int Index, double DelayMs)>(), StringComparer.Ordinal);
        for (var i = 0; i < topology.Links.Count; i++)
        {
            var link = topology.Links[i];
            var delay = topology.DelayMs(link);
            adjacency[link.A].Add((link.B, i, delay));
            adjacency[link.B].Add((link.A, i, delay));
        }

        var choices = new Dictionary<(string, string), PathChoice>();
        foreach (var source in topology.Nodes)
        {
            foreach (var choice in FromSource(forwards, adjacency, source.Name))
            {
                choices[(choice.From, choice.To)] = choice;
            }
        }

        return new ShortestPaths(topology, choices);
    }

    /// <summary>The path from one node to another, or null when none exists.</summary>
    public PathChoice? Between(string from, string to) => _choices.GetValueOrDefault((from, to));

    /// <summary>The nodes a packet visits, both ends included.</summary>
    public IReadOnlyList<string> Nodes(string from, string to)
    {
        var nodes = new List<string> { from };
        var at = from;
        while (at != to)
        {
            at = (Between(at, to) ?? throw new InvalidOperationException($"no path from {from} to {to}")).NextHop;
            nodes.Add(at);
        }

        return nodes;
    }

    /// <summary>The links a packet crosses, by index in the topology, in order.</summary>
    public IReadOnlyList<int> Links(string from, string to)
    {
        var links = new List<int>();
        for (var at = from; at != to;)
        {
            var choice = Between(at, to) ?? throw new InvalidOperationException($"no path from {from} to {to}");
            links.Add(choice.FirstLinkIndex);
            at = choice.NextHop;
        }

        return links;
    }

    private static IEnumerable<PathChoice> FromSource(Dictionary<string, bool> forwards, Dictionary<string, List<(string Next, int Index, double DelayMs)>> adjacency, string source)
    {
        // The cost is (delay, hops, first link): lexicographic, and extending a path never
        // lowers it, so Dijkstra's order stays valid with the tie-breaks built in.
        var best = new Dictionary<string, (double Delay, int Hops, int FirstLink, string NextHop)>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var queue = new PriorityQueue<string, (double Delay, int Hops, int FirstLink)>(CostComparer.Instance);
        best[source] = (0, 0, -1, source);
        queue.Enqueue(source, (0, 0, -1));
        while (queue.TryDequeue(out var node, out _))
        {
            if (!done.Add(node))
            {
                continue;
            }

            if (node != source && !forwards[node])
            {
                continue;
            }

            var here = best[node];
            foreach (var (next, index, delayMs) in adjacency[node])
            {
                var firstLink = node == source ? index : here.FirstLink;
                var nextHop = node == source ? next : here.NextHop;
                var cost = (Delay: here.Delay + delayMs, Hops: here.Hops + 1, FirstLink: firstLink);
                if (!done.Contains(next) && (!best.TryGetValue(next, out var known) || CostComparer.Instance.Compare(cost, (known.Delay, known.Hops, known.FirstLink)) < 0))
                {
                    best[next] = (cost.Delay, cost.Hops, cost.FirstLink, nextHop);
                    queue.Enqueue(next, cost);
                }
            }
        }

        return best.Where(b => b.Key != source)
            .Select(b => new PathChoice(source, b.Key, b.Value.Delay, b.Value.Hops, b.Value.FirstLink, b.Value.NextHop));
    }

    private sealed class CostComparer : IComparer<(double Delay, int Hops, int FirstLink)>
    {
        public static readonly CostComparer Instance = new();

        /// <summary>Delays summed in different orders differ in the last bits; below a nanosecond they are equal.</summary>
        private const double DelayEpsilonMs = 1e-6;

        public int Compare((double Delay, int Hops, int FirstLink) x, (double Delay, int Hops, int FirstLink) y) =>
            Math.Abs(x.Delay - y.Delay) > DelayEpsilonMs ? x.Delay.CompareTo(y.Delay)
            : x.Hops != y.Hops ? x.Hops.CompareTo(y.Hops)
            : x.FirstLink.CompareTo(y.FirstLink);
    }
}
