using System.Text.RegularExpressions;

namespace Testbed.Topology;

/// <summary>
/// The WAN as plain data: what exists and how it is joined. Order matters and is kept:
/// the address plan numbers things in the order they are listed, so the same topology
/// always gets the same addresses.
/// </summary>
public sealed partial record WanTopology
{
    /// <summary>Hypervisor hosts take .11 onward of their data center's /24, and a laptop runs few VMs.</summary>
    public const int MaxHostsPerDataCenter = 16;

    /// <summary>Ten seconds one way is already beyond any terrestrial or satellite path.</summary>
    public const double MaxDelayMs = 10_000;

    /// <summary>100 Gbit/s: far beyond what one emulated link carries on a lab machine.</summary>
    public const double MaxBandwidthMbps = 100_000;

    public IReadOnlyList<DataCenter> DataCenters { get; init; } = [];

    public IReadOnlyList<WanRouter> WanRouters { get; init; } = [];

    public IReadOnlyList<UserSite> UserSites { get; init; } = [];

    public IReadOnlyList<WanLink> Links { get; init; } = [];

    /// <summary>Every node in plan order: data centers, then WAN routers, then user sites.</summary>
    public IEnumerable<TopologyNode> Nodes => DataCenters.Cast<TopologyNode>().Concat(WanRouters).Concat(UserSites);

    public TopologyNode Node(string name) =>
        Nodes.FirstOrDefault(n => n.Name == name) ?? throw new KeyNotFoundException($"no node named '{name}'");

    public IEnumerable<(WanLink Link, int Index)> LinksOf(string node) =>
        Links.Select((link, index) => (link, index)).Where(l => l.link.Joins(node));

    /// <summary>The index of the link between <paramref name="a"/> and <paramref name="b"/>, written either way round; null when there is none.</summary>
    public int? LinkIndex(string a, string b)
    {
        for (var i = 0; i < Links.Count; i++)
        {
            if ((Links[i].A == a && Links[i].B == b) || (Links[i].A == b && Links[i].B == a))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>The one-way delay a link has: its own, or the fiber delay between its ends' locations.</summary>
    public double DelayMs(WanLink link)
    {
        if (link.Properties.DelayMs is { } delay)
        {
            return delay;
        }

        var a = Node(link.A).Location;
        var b = Node(link.B).Location;
        return a is not null && b is not null
            ? FiberDelay.OneWayMs(a.Value, b.Value)
            : throw new InvalidOperationException($"link {link} has no delay and its ends have no location");
    }

    /// <summary>Throws <see cref="TopologyException"/> with every problem, or returns this topology.</summary>
    public WanTopology Validated()
    {
        var problems = Validate();
        return problems.Count == 0 ? this : throw new TopologyException(problems);
    }

    public IReadOnlyList<TopologyProblem> Validate()
    {
        var problems = new List<TopologyProblem>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        void CheckName(string path, string name)
        {
            if (!NamePattern().IsMatch(name))
            {
                problems.Add(new(path, $"'{name}' is not a valid name: use 1 to 12 letters, digits or '-', starting with a letter (they become interface names, which Linux limits to 15 characters)"));
            }
            else if (!names.TryAdd(name, path))
            {
                problems.Add(new(path, $"'{name}' is already the name of {names[name]}"));
            }
        }

        void CheckLocation(string path, GeoPoint? location)
        {
            if (location is { } p && (Math.Abs(p.Latitude) > 90 || Math.Abs(p.Longitude) > 180 || !double.IsFinite(p.Latitude) || !double.IsFinite(p.Longitude)))
            {
                problems.Add(new(path, $"({p.Latitude}, {p.Longitude}) is not on Earth: latitude is -90 to 90, longitude -180 to 180"));
            }
        }

        for (var i = 0; i < DataCenters.Count; i++)
        {
            var dc = DataCenters[i];
            CheckName($"data_centers[{i}].name", dc.Name);
            CheckLocation($"data_centers[{i}].location", dc.Location);
            if (dc.Hosts is < 1 or > MaxHostsPerDataCenter)
            {
                problems.Add(new($"data_centers[{i}].hosts", $"{dc.Hosts} hosts: a data center has 1 to {MaxHostsPerDataCenter}"));
            }
        }

        for (var i = 0; i < WanRouters.Count; i++)
        {
            CheckName($"wan_routers[{i}].name", WanRouters[i].Name);
            CheckLocation($"wan_routers[{i}].location", WanRouters[i].Location);
        }

        for (var i = 0; i < UserSites.Count; i++)
        {
            CheckName($"user_sites[{i}].name", UserSites[i].Name);
            CheckLocation($"user_sites[{i}].location", UserSites[i].Location);
        }

        var pairs = new HashSet<(string, string)>();
        for (var i = 0; i < Links.Count; i++)
        {
            ValidateLink(i, names, pairs, problems);
        }

        foreach (var site in UserSites.Where(s => !Links.Any(l => l.Joins(s.Name))))
        {
            problems.Add(new($"user_sites[{UserSites.ToList().IndexOf(site)}]", $"user site '{site.Name}' has no link"));
        }

        if (problems.Count == 0)
        {
            problems.AddRange(Unreachable());
        }

        return problems;
    }

    private void ValidateLink(int i, Dictionary<string, string> names, HashSet<(string, string)> pairs, List<TopologyProblem> problems)
    {
        var link = Links[i];
        var path = $"links[{i}]";
        var endsKnown = true;
        foreach (var (end, field) in new[] { (link.A, "a"), (link.B, "b") })
        {
            if (!names.ContainsKey(end))
            {
                problems.Add(new($"{path}.{field}", $"no data center, WAN router or user site is named '{end}'"));
                endsKnown = false;
            }
        }

        if (link.A == link.B)
        {
            problems.Add(new(path, $"a link joins two different nodes, not '{link.A}' to itself"));
        }
        else if (!pairs.Add(string.CompareOrdinal(link.A, link.B) < 0 ? (link.A, link.B) : (link.B, link.A)))
        {
            problems.Add(new(path, $"'{link.A}' and '{link.B}' are already joined by another link"));
        }

        var p = link.Properties;
        if (p.DelayMs is null && endsKnown && (Node(link.A).Location is null || Node(link.B).Location is null))
        {
            problems.Add(new($"{path}.delay_ms", "no delay given, and it cannot come from geography: both ends need a location"));
        }

        problems.AddRange(p.Problems().Select(problem => new TopologyProblem($"{path}.{problem.Field}", problem.Message)));
    }

    /// <summary>Every node must reach every data center, through routers only.</summary>
    private IEnumerable<TopologyProblem> Unreachable()
    {
        if (DataCenters.Count == 0)
        {
            yield break;
        }

        var reached = new HashSet<string> { DataCenters[0].Name };
        var frontier = new Queue<string>(reached);
        while (frontier.TryDequeue(out var node))
        {
            if (!Node(node).Forwards && node != DataCenters[0].Name)
            {
                continue;
            }

            foreach (var (link, _) in LinksOf(node))
            {
                var next = link.OtherEnd(node);
                if (reached.Add(next))
                {
                    frontier.Enqueue(next);
                }
            }
        }

        foreach (var node in Nodes.Where(n => !reached.Contains(n.Name)))
        {
            yield return new(node.Name, $"'{node.Name}' cannot reach data center '{DataCenters[0].Name}': no path of links through routers joins them");
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]{0,11}$")]
    private static partial Regex NamePattern();
}
