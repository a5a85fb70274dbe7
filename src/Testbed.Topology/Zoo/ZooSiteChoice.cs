using System.Globalization;

namespace Testbed.Topology.Zoo;

/// <summary>
/// Which routers of an imported network get a data center, or a user site: so many, spread
/// over the network by delay (<see cref="Spread"/>), or the routers named, in that order
/// (<see cref="Named"/>). A name is a router's name or its node's label (see <see cref="ZooRouterNames"/>).
/// </summary>
public sealed record ZooSiteChoice
{
    private ZooSiteChoice(int? count, IReadOnlyList<string> names) => (Count, Names) = (count, names);

    /// <summary>How many to spread; null when the routers are named.</summary>
    public int? Count { get; }

    /// <summary>The routers named, in order; empty when spread by count.</summary>
    public IReadOnlyList<string> Names { get; }

    public static ZooSiteChoice Spread(int count) => new(count, []);

    public static ZooSiteChoice Named(IEnumerable<string> names) => new(null, [.. names]);

    /// <summary>
    /// "3" spreads three; "London,Paris" names two. Null for text that is neither: empty, or a
    /// list with an empty name. Labels that hold a comma are named by their router's name.
    /// </summary>
    public static ZooSiteChoice? Parse(string text)
    {
        var trimmed = text.Trim();
        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return Spread(count);
        }

        var names = trimmed.Split(',', StringSplitOptions.TrimEntries);
        return trimmed.Length == 0 || names.Any(n => n.Length == 0) ? null : Named(names);
    }

    public override string ToString() => Count is { } count ? count.ToString(CultureInfo.InvariantCulture) : string.Join(',', Names);
}
