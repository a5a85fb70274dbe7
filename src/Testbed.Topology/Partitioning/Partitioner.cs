namespace Testbed.Topology.Partitioning;

/// <summary>
/// Spreads a WAN over hosts. First the busiest host is made as light as it can be: the nodes
/// that cost CPU (data centers with guests) go, heaviest first, each to the host with the
/// least load so far (longest processing time first, within 4/3 of the best). Then nodes
/// move one at a time, or two demand-bearing ones swap, wherever that lowers the busiest
/// host's load, or keeps it and cuts less link weight; pinned nodes never move. Every choice
/// breaks ties by host order and then topology order, so the same request gives the same
/// partition.
/// </summary>
public static class Partitioner
{
    /// <summary>Loads within this are equal: demand is in vCPUs, and sums of them must not flip a choice.</summary>
    private const double Epsilon = 1e-9;

    /// <summary>Local search stops after this many passes over the nodes even if it still finds moves (it finds none long before).</summary>
    private const int MaxPasses = 100;

    public static Partition Compute(PartitionRequest request)
    {
        var topology = request.Topology;
        var hosts = request.Hosts;
        if (hosts.Count == 0)
        {
            throw new PartitionException("a partition needs at least one host");
        }

        if (hosts.Distinct(StringComparer.Ordinal).Count() != hosts.Count)
        {
            throw new PartitionException($"hosts are named twice: {string.Join(", ", hosts.GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key))}");
        }

        var nodes = topology.Nodes.Select(n => n.Name).ToList();
        foreach (var (node, host) in request.Pins)
        {
            if (!nodes.Contains(node))
            {
                throw new PartitionException($"'{node}' is pinned to {host}, and the topology has no node of that name");
            }

            if (!hosts.Contains(host))
            {
                throw new PartitionException($"'{node}' is pinned to '{host}', which is not one of the hosts ({string.Join(", ", hosts)})");
            }
        }

        var hostIndex = hosts.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => p.i, StringComparer.Ordinal);
        var at = new Dictionary<string, int>(StringComparer.Ordinal);
        var load = new double[hosts.Count];
        foreach (var (node, host) in request.Pins)
        {
            at[node] = hostIndex[host];
            load[hostIndex[host]] += request.DemandOf(node);
        }

        // Longest processing time first for the nodes that cost CPU.
        foreach (var node in nodes.Where(n => !at.ContainsKey(n) && request.DemandOf(n) > 0).OrderByDescending(request.DemandOf).ThenBy(nodes.IndexOf))
        {
            var lightest = Enumerable.Range(0, hosts.Count).OrderBy(h => load[h]).ThenBy(h => h).First();
            at[node] = lightest;
            load[lightest] += request.DemandOf(node);
        }

        // Free nodes next to the heaviest links first, each where its placed neighbours pull hardest.
        var adjacency = nodes.ToDictionary(n => n, _ => new List<(string Other, int Link)>(), StringComparer.Ordinal);
        for (var i = 0; i < topology.Links.Count; i++)
        {
            adjacency[topology.Links[i].A].Add((topology.Links[i].B, i));
            adjacency[topology.Links[i].B].Add((topology.Links[i].A, i));
        }

        // The nodes that cost nothing grow out from the placed ones, the most decided first: each
        // step places the free node whose pull to one host most exceeds its pull to any other
        // (the weight of its links to nodes already there), as graph-growing partitioners do.
        double Pull(string node, int host) => adjacency[node].Where(e => at.TryGetValue(e.Other, out var h) && h == host).Sum(e => request.WeightOf(e.Link));
        var free = nodes.Where(n => !at.ContainsKey(n)).ToList();
        while (free.Count > 0)
        {
            var best = (Node: (string?)null, Host: 0, Gain: double.NegativeInfinity, Pull: 0.0);
            foreach (var node in free.Where(n => adjacency[n].Any(e => at.ContainsKey(e.Other))))
            {
                var pulls = Enumerable.Range(0, hosts.Count).Select(h => (Host: h, Pull: Pull(node, h))).OrderByDescending(p => p.Pull).ThenBy(p => load[p.Host]).ThenBy(p => p.Host).ToList();
                var gain = pulls[0].Pull - (pulls.Count > 1 ? pulls[1].Pull : 0);
                if (gain > best.Gain + Epsilon || (Math.Abs(gain - best.Gain) <= Epsilon && pulls[0].Pull > best.Pull + Epsilon))
                {
                    best = (node, pulls[0].Host, gain, pulls[0].Pull);
                }
            }

            // A part of the network that nothing placed touches starts on the lightest host.
            var chosen = best.Node ?? free[0];
            at[chosen] = best.Node is not null ? best.Host : Enumerable.Range(0, hosts.Count).OrderBy(h => load[h]).ThenBy(h => h).First();
            free.Remove(chosen);
        }

        Improve(request, nodes, adjacency, at, load);

        var cut = Enumerable.Range(0, topology.Links.Count).Where(i => at[topology.Links[i].A] != at[topology.Links[i].B]).ToList();
        return new Partition(
            nodes.ToDictionary(n => n, n => hosts[at[n]], StringComparer.Ordinal),
            hosts.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => load[p.i], StringComparer.Ordinal),
            cut,
            cut.Sum(request.WeightOf));
    }

    /// <summary>Single moves and swaps of demand-bearing nodes, while they lower (busiest load, cut weight).</summary>
    private static void Improve(PartitionRequest request, List<string> nodes, Dictionary<string, List<(string Other, int Link)>> adjacency, Dictionary<string, int> at, double[] load)
    {
        var movable = nodes.Where(n => !request.Pins.ContainsKey(n)).ToList();
        double CutChange(string node, int to) => adjacency[node].Sum(e =>
        {
            var other = at[e.Other];
            var before = other != at[node] ? 1 : 0;
            var after = other != to ? 1 : 0;
            return (after - before) * request.WeightOf(e.Link);
        });

        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var improved = false;
            foreach (var node in movable)
            {
                var from = at[node];
                var demand = request.DemandOf(node);
                for (var to = 0; to < load.Length; to++)
                {
                    if (to == from)
                    {
                        continue;
                    }

                    var maxBefore = load.Max();
                    load[from] -= demand;
                    load[to] += demand;
                    var maxAfter = load.Max();
                    var cutChange = CutChange(node, to);
                    if (maxAfter < maxBefore - Epsilon || (maxAfter <= maxBefore + Epsilon && cutChange < -Epsilon))
                    {
                        at[node] = to;
                        from = to;
                        improved = true;
                    }
                    else
                    {
                        load[to] -= demand;
                        load[from] += demand;
                    }
                }
            }

            // A swap of two nodes that cost CPU can lower the cut where no single move could
            // without unbalancing the hosts.
            var heavy = movable.Where(n => request.DemandOf(n) > 0).ToList();
            for (var i = 0; i < heavy.Count; i++)
            {
                for (var j = i + 1; j < heavy.Count; j++)
                {
                    var (a, b) = (heavy[i], heavy[j]);
                    var (ha, hb) = (at[a], at[b]);
                    if (ha == hb)
                    {
                        continue;
                    }

                    var maxBefore = load.Max();
                    var cutBefore = CutOf(request, at);
                    (at[a], at[b]) = (hb, ha);
                    load[ha] += request.DemandOf(b) - request.DemandOf(a);
                    load[hb] += request.DemandOf(a) - request.DemandOf(b);
                    var maxAfter = load.Max();
                    var cutAfter = CutOf(request, at);
                    if (maxAfter < maxBefore - Epsilon || (maxAfter <= maxBefore + Epsilon && cutAfter < cutBefore - Epsilon))
                    {
                        improved = true;
                        continue;
                    }

                    (at[a], at[b]) = (ha, hb);
                    load[ha] -= request.DemandOf(b) - request.DemandOf(a);
                    load[hb] -= request.DemandOf(a) - request.DemandOf(b);
                }
            }

            if (!improved)
            {
                return;
            }
        }
    }

    private static double CutOf(PartitionRequest request, Dictionary<string, int> at)
    {
        var links = request.Topology.Links;
        var cut = 0.0;
        for (var i = 0; i < links.Count; i++)
        {
            if (at[links[i].A] != at[links[i].B])
            {
                cut += request.WeightOf(i);
            }
        }

        return cut;
    }
}
