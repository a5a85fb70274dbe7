using System.Globalization;

namespace Testbed.Topology.Zoo;

/// <summary>
/// How an imported node's router is named, deterministically from its label, or from its id
/// when it has none: a blank label (three of Internet2's) or "None", which the Zoo's own tools
/// wrote for a node they knew no name of (eleven of Cogent's):
/// <list type="number">
/// <item>the label in lower case, keeping only ASCII letters and digits ("Washington DC" is
/// washingtondc; an accented letter is dropped, since "Malmö" has no ASCII spelling here);</item>
/// <item>"n" in front when that is empty or starts with a digit (a node labelled "10" is n10);</item>
/// <item>cut to <see cref="MaxLength"/> characters (washingto);</item>
/// <item>a name an earlier node (in file order) already has gets the smallest number from 2 up
/// that is free, cut shorter to leave it room: the second "London" is london2.</item>
/// </list>
/// A data center is its router's name with <see cref="DataCenterSuffix"/>, a user site with
/// <see cref="UserSiteSuffix"/>: no router name holds a '-', so they never clash with one, and
/// they fit the 12 characters a topology name may have.
/// </summary>
public static class ZooRouterNames
{
    public const string DataCenterSuffix = "-dc";

    public const string UserSiteSuffix = "-us";

    /// <summary>Room for a suffix within the 12 characters of a topology name.</summary>
    public const int MaxLength = 12 - 3;

    public static string DataCenterOf(string router) => router + DataCenterSuffix;

    public static string UserSiteOf(string router) => router + UserSiteSuffix;

    /// <summary>The name a node asks for, before it is made unique.</summary>
    public static string Wanted(ZooNode node)
    {
        var label = string.IsNullOrWhiteSpace(node.Label) || node.Label == "None" ? node.Id : node.Label;
        var letters = new string([.. label.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant)]);
        var name = letters.Length == 0 || char.IsAsciiDigit(letters[0]) ? "n" + letters : letters;
        return name[..Math.Min(name.Length, MaxLength)];
    }

    /// <summary>Every node's router name, by node id; the nodes come in file order, which decides who takes a number.</summary>
    public static IReadOnlyDictionary<string, string> Assign(IEnumerable<ZooNode> nodes)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var wanted = Wanted(node);
            var name = wanted;
            for (var number = 2; !taken.Add(name); number++)
            {
                var suffix = number.ToString(CultureInfo.InvariantCulture);
                name = wanted[..Math.Min(wanted.Length, MaxLength - suffix.Length)] + suffix;
            }

            names[node.Id] = name;
        }

        return names;
    }
}
