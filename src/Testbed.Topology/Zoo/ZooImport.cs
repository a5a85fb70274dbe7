using System.Globalization;
using Testbed.Topology.Routing;

namespace Testbed.Topology.Zoo;

/// <summary>
/// Turns an Internet Topology Zoo network into a WAN topology a run can build:
/// <list type="bullet">
/// <item>each node of the network's largest connected part becomes a WAN router, named by
/// <see cref="ZooRouterNames"/>, at its coordinates; the nodes of the other parts cannot reach
/// a data center, so they are left out (and said so), rather than the whole file refused;</item>
/// <item>a node without coordinates is placed among its neighbours (<see cref="ZooNeighbourPlacement"/>);
/// when no node of the kept part has any, nothing gets a location and each link between routers
/// gets <see cref="ZooImportOptions.UnlocatedLinkDelayMs"/>;</item>
/// <item>each link gets no delay of its own, so the topology gives it the fibre delay of the
/// great circle between its ends, and the file's speed as its bandwidth, capped at
/// <see cref="WanTopology.MaxBandwidthMbps"/>; without a speed it has no limit;</item>
/// <item>data centers, then user sites, each at a router of its own, chosen by name or spread
/// by <see cref="ZooSpread"/>; a spread keeps off routers placed among their neighbours while
/// others are left, and user sites off the data centers' routers. Each is its own node at its router's location, joined to it by an access link of
/// <see cref="ZooImportOptions.AccessDelayMs"/>.</item>
/// </list>
/// What the import decided for this network is in the result's notes, one sentence each.
/// </summary>
public static class ZooImport
{
    public static ZooImportResult ToTopology(ZooNetwork network, ZooImportOptions options)
    {
        CheckDelay(nameof(ZooImportOptions.AccessDelayMs), options.AccessDelayMs);
        CheckDelay(nameof(ZooImportOptions.UnlocatedLinkDelayMs), options.UnlocatedLinkDelayMs);
        if (network.Nodes.Count == 0)
        {
            throw new ZooImportException(null, $"{network.Name.Trim()} has no nodes");
        }

        var notes = new List<string>();
        var (kept, leftOut) = LargestPart(network);
        var keptIds = kept.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var links = network.Links.Where(l => keptIds.Contains(l.Source)).ToList();
        if (leftOut.Count > 0)
        {
            var leftOutLinks = network.Links.Count - links.Count;
            var withLinks = leftOutLinks > 0 ? $" with their {leftOutLinks} link(s)" : "";
            notes.Add($"left out, not connected to the largest part of the network ({kept.Count} nodes): {leftOut.Count} node(s){withLinks}: {string.Join(", ", leftOut.Select(Describe))}");
        }

        NoteMergedEdges(network, notes);
        var routerOf = ZooRouterNames.Assign(kept);
        var renamed = kept.Where(n => routerOf[n.Id] != ZooRouterNames.Wanted(n)).ToList();
        if (renamed.Count > 0)
        {
            notes.Add($"names already taken got a number: {string.Join(", ", renamed.Select(n => $"{Describe(n)} is {routerOf[n.Id]}"))}");
        }

        var (locations, placed) = ZooNeighbourPlacement.Complete(kept, links);
        foreach (var (node, neighbours, at) in placed)
        {
            var where = neighbours.Count == 1
                ? $"on its only located neighbour {Describe(neighbours[0])}, 0 ms from it"
                : $"at {Invariant(at.Latitude)}, {Invariant(at.Longitude)}, the mean of its located neighbours {string.Join(", ", neighbours.Select(Describe))}";
            notes.Add($"{Describe(node)}, router {routerOf[node.Id]}, has no coordinates: placed {where}");
        }

        var fixedDelays = locations.Count == 0;
        if (fixedDelays)
        {
            notes.Add($"no node has coordinates: nothing has a location, and each of the {links.Count} link(s) between routers gets a fixed {Invariant(options.UnlocatedLinkDelayMs)} ms delay");
        }

        GeoPoint? LocationOf(string id) => locations.TryGetValue(id, out var at) ? at : null;
        var routers = kept.Select(n => new WanRouter(routerOf[n.Id], LocationOf(n.Id))).ToList();
        var routerLinks = links.Select(l =>
        {
            var (a, b) = (routerOf[l.Source], routerOf[l.Target]);
            var geography = LocationOf(l.Source) is not null && LocationOf(l.Target) is not null;
            return new WanLink(a, b, new LinkProperties(DelayMs: geography ? null : options.UnlocatedLinkDelayMs, BandwidthMbps: options.UseLinkSpeeds ? Bandwidth(l.SpeedBitsPerSecond, $"{a}-{b}", notes) : null));
        }).ToList();
        if (options.UseLinkSpeeds)
        {
            NoteMissingSpeeds(links, notes);
        }
        else
        {
            notes.Add($"link speeds left out, as asked: none of the {links.Count} link(s) between routers has a bandwidth limit");
        }

        var paths = ShortestPaths.Compute(new WanTopology { WanRouters = routers, Links = routerLinks });
        double Delay(string a, string b) => a == b ? 0 : paths.Between(a, b)!.DelayMs;
        var routerNames = routers.Select(r => r.Name).ToList();
        var placedRouters = placed.Select(p => routerOf[p.Node.Id]).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<string> Choose(ZooSiteChoice choice, string option, string what, Func<string, string> siteAt, IReadOnlySet<string> taken)
        {
            IReadOnlyList<string> chosen;
            string how;
            if (choice.Count is { } count)
            {
                if (count < 1 || count > routers.Count)
                {
                    throw new ZooImportException(option, $"{count} {what}s: choose 1 to {routers.Count}, one per router of {network.Name.Trim()}");
                }

                // A router placed among its neighbours is often another network (NORDUnet's GEANT, INTERNET and New York sit on
                // Copenhagen): a site goes there only when no router with its own coordinates is left, and to a taken router last.
                chosen = ZooSpread.Pick(routerNames, Delay, count, r => (taken.Contains(r) ? 2 : 0) + (placedRouters.Contains(r) ? 1 : 0));
                var away = taken.Count > 0 ? ", off the data centers' routers" : "";
                var own = placedRouters.Count > 0 ? ", at routers with coordinates of their own first" : "";
                how = $"spread over delay (farthest-first from the delay centre{away}{own})";
            }
            else
            {
                if (choice.Names.Count == 0)
                {
                    throw new ZooImportException(option, $"no {what} named: name at least one, or give a count");
                }

                chosen = ZooNodeLookup.Routers(option, what, choice.Names, kept, routerOf, leftOut);
                how = "as named";
            }

            var farthest = routerNames.Max(r => chosen.Min(c => Delay(c, r)));
            notes.Add($"{what}s {string.Join(", ", chosen.Select(siteAt))}, {how}, each joined to its router by a {Invariant(options.AccessDelayMs)} ms link; every router is within {Invariant(farthest)} ms of one");
            return chosen;
        }

        var dataCenterRouters = Choose(options.DataCenters, nameof(ZooImportOptions.DataCenters), "data center", ZooRouterNames.DataCenterOf, new HashSet<string>());
        var userSiteRouters = Choose(options.UserSites, nameof(ZooImportOptions.UserSites), "user site", ZooRouterNames.UserSiteOf, dataCenterRouters.ToHashSet(StringComparer.Ordinal));
        var locationOfRouter = routers.ToDictionary(r => r.Name, r => r.Location, StringComparer.Ordinal);
        var topology = new WanTopology
        {
            DataCenters = [.. dataCenterRouters.Select(r => new DataCenter(ZooRouterNames.DataCenterOf(r), Location: locationOfRouter[r]))],
            WanRouters = routers,
            UserSites = [.. userSiteRouters.Select(r => new UserSite(ZooRouterNames.UserSiteOf(r), locationOfRouter[r]))],
            Links =
            [
                .. routerLinks,
                .. dataCenterRouters.Select(r => new WanLink(ZooRouterNames.DataCenterOf(r), r, options.AccessDelayMs)),
                .. userSiteRouters.Select(r => new WanLink(ZooRouterNames.UserSiteOf(r), r, options.AccessDelayMs)),
            ],
        }.Validated();
        return new ZooImportResult(topology, notes, routerOf, leftOut, [.. placed.Select(p => p.Node)], fixedDelays);
    }

    /// <summary>The connected part with the most nodes (of two as large, the one with the earlier node), in file order; and the other nodes.</summary>
    private static (IReadOnlyList<ZooNode> Kept, IReadOnlyList<ZooNode> LeftOut) LargestPart(ZooNetwork network)
    {
        var neighbours = network.Nodes.ToDictionary(n => n.Id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var link in network.Links)
        {
            neighbours[link.Source].Add(link.Target);
            neighbours[link.Target].Add(link.Source);
        }

        var partOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var sizes = new List<int>();
        foreach (var start in network.Nodes.Where(n => !partOf.ContainsKey(n.Id)))
        {
            var part = sizes.Count;
            sizes.Add(0);
            var frontier = new Stack<string>([start.Id]);
            partOf[start.Id] = part;
            while (frontier.TryPop(out var id))
            {
                sizes[part]++;
                foreach (var next in neighbours[id].Where(next => partOf.TryAdd(next, part)))
                {
                    frontier.Push(next);
                }
            }
        }

        var largest = sizes.IndexOf(sizes.Max());
        return ([.. network.Nodes.Where(n => partOf[n.Id] == largest)], [.. network.Nodes.Where(n => partOf[n.Id] != largest)]);
    }

    private static void NoteMergedEdges(ZooNetwork network, List<string> notes)
    {
        if (network.SelfLoops > 0)
        {
            notes.Add($"{network.SelfLoops} edge(s) from a node to itself left out");
        }

        var nodes = network.Nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var parallel = network.Links.Where(l => l.Parallel > 1).ToList();
        if (parallel.Count > 0)
        {
            notes.Add($"nodes joined by several edges get one link, at the fastest edge's speed: {string.Join(", ", parallel.Select(l => $"{Describe(nodes[l.Source])}-{Describe(nodes[l.Target])} ({l.Parallel} edges)"))}");
        }
    }

    private static double? Bandwidth(double? bitsPerSecond, string link, List<string> notes)
    {
        if (bitsPerSecond is not { } bits)
        {
            return null;
        }

        if (bits <= 0)
        {
            notes.Add($"link {link}: a speed of {Invariant(bits)} bit/s is no speed: the link has no bandwidth limit");
            return null;
        }

        var mbps = bits / 1e6;
        if (mbps > WanTopology.MaxBandwidthMbps)
        {
            notes.Add($"link {link}: {Invariant(mbps)} Mbit/s capped at {Invariant(WanTopology.MaxBandwidthMbps)} Mbit/s, the most a link may have");
            return WanTopology.MaxBandwidthMbps;
        }

        return mbps;
    }

    private static void NoteMissingSpeeds(List<ZooLink> links, List<string> notes)
    {
        var without = links.Count(l => l.SpeedBitsPerSecond is null);
        if (without > 0)
        {
            notes.Add(without == links.Count
                ? "no link gives a speed (LinkSpeedRaw): no link between routers has a bandwidth limit"
                : $"{without} of {links.Count} links give no speed (LinkSpeedRaw): they have no bandwidth limit");
        }
    }

    private static void CheckDelay(string option, double delayMs)
    {
        if (!double.IsFinite(delayMs) || delayMs < 0 || delayMs > WanTopology.MaxDelayMs)
        {
            throw new ZooImportException(option, $"{Invariant(delayMs)} ms: a delay is 0 to {Invariant(WanTopology.MaxDelayMs)} ms");
        }
    }

    private static string Describe(ZooNode node) => string.IsNullOrWhiteSpace(node.Label) || node.Label == node.Id ? $"node {node.Id}" : $"'{node.Label}' (node {node.Id})";

    private static string Invariant(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
