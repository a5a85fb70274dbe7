namespace Testbed.Topology.Zoo;

/// <summary>
/// Finds the routers a user names: by router name as written, then by the node's label in any
/// case (refused when two nodes have it), then by router name in any case.
/// A name that finds nothing is refused with the names nearest to it, since a user types a
/// city (Londn, newyork) more often than our spelling of it.
/// </summary>
internal static class ZooNodeLookup
{
    private const int NearMatchesShown = 5;

    /// <param name="option">The <see cref="ZooImportOptions"/> property the names come from, for the error.</param>
    /// <param name="what">What each name is asked to hold ("data center"), for the error.</param>
    /// <param name="kept">The nodes imported, in file order.</param>
    /// <param name="routerOf">Each kept node's router name, by node id.</param>
    /// <param name="leftOut">The nodes left out, which a user may still name.</param>
    public static IReadOnlyList<string> Routers(
        string option, string what, IReadOnlyList<string> names, IReadOnlyList<ZooNode> kept, IReadOnlyDictionary<string, string> routerOf, IReadOnlyList<ZooNode> leftOut)
    {
        var routers = new List<string>();
        var namedAs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var router = Router(option, what, name, kept, routerOf, leftOut);
            if (!namedAs.TryAdd(router, name))
            {
                throw new ZooImportException(option, $"{what} '{name}' is router {router}, as '{namedAs[router]}' is: a router holds one {what}");
            }

            routers.Add(router);
        }

        return routers;
    }

    private static string Router(string option, string what, string name, IReadOnlyList<ZooNode> kept, IReadOnlyDictionary<string, string> routerOf, IReadOnlyList<ZooNode> leftOut)
    {
        // A router's own name, as written, is never ambiguous; a label may be two nodes' (NORDUnet has two London).
        if (kept.FirstOrDefault(n => routerOf[n.Id] == name) is { } byRouter)
        {
            return routerOf[byRouter.Id];
        }

        var byLabel = kept.Where(n => string.Equals(n.Label.Trim(), name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byLabel.Count == 1)
        {
            return routerOf[byLabel[0].Id];
        }

        if (byLabel.Count > 1)
        {
            throw new ZooImportException(option, $"{what} '{name}' is the label of {byLabel.Count} nodes: name one by its router, {string.Join(" or ", byLabel.Select(n => routerOf[n.Id]))}");
        }

        if (kept.FirstOrDefault(n => string.Equals(routerOf[n.Id], name, StringComparison.OrdinalIgnoreCase)) is { } byRouterInAnyCase)
        {
            return routerOf[byRouterInAnyCase.Id];
        }

        if (leftOut.FirstOrDefault(n => string.Equals(n.Label.Trim(), name, StringComparison.OrdinalIgnoreCase)) is { } outside)
        {
            throw new ZooImportException(option, $"{what} '{name}' (node {outside.Id}) is not connected to the largest part of the network, which is all the import keeps");
        }

        var near = Near(name, kept, routerOf);
        throw new ZooImportException(option, near.Count > 0
            ? $"{what} '{name}': no router has that name or label; near it: {string.Join(", ", near)}"
            : $"{what} '{name}': no router has that name or label, nor one near it; routers are named after their labels ({string.Join(", ", kept.Take(NearMatchesShown).Select(n => $"{routerOf[n.Id]} for '{n.Label}'"))}, ...)");
    }

    /// <summary>Names within a few edits of <paramref name="name"/>, or that start with it, nearest first.</summary>
    private static List<string> Near(string name, IReadOnlyList<ZooNode> kept, IReadOnlyDictionary<string, string> routerOf)
    {
        var lower = name.Trim().ToLowerInvariant();
        var asRouter = new string([.. lower.Where(char.IsAsciiLetterOrDigit)]);
        var allowed = Math.Max(2, lower.Length / 3);
        return [.. kept
            .Select((node, index) =>
            {
                var router = routerOf[node.Id];
                var starts = asRouter.Length > 0 && router.StartsWith(asRouter, StringComparison.Ordinal);
                var edits = Math.Min(Edits(lower, node.Label.ToLowerInvariant()), Edits(asRouter, router));
                return (Text: $"{router} ('{node.Label}')", Rank: starts ? 0 : edits, Index: index, Near: starts || edits <= allowed);
            })
            .Where(c => c.Near)
            .OrderBy(c => c.Rank).ThenBy(c => c.Index)
            .Take(NearMatchesShown)
            .Select(c => c.Text)];
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    private static int Edits(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
