namespace Testbed.Topology.Zoo;

/// <summary>
/// Puts the nodes a file gives no coordinates among their neighbours. In rounds: each round
/// places every unplaced node that has a located neighbour at the mean of those neighbours'
/// locations (on the sphere, so a mean across the antimeridian stays in the Pacific), using
/// only what earlier rounds knew, so the order within a round changes nothing. It stops when a
/// round places nothing: what is left has no located node anywhere in its part of the network.
/// A node with one located neighbour lands on it, and their link gets no delay from geography.
/// </summary>
internal static class ZooNeighbourPlacement
{
    /// <summary>A mean of several places has more digits than a location means: four decimals are about 10 m.</summary>
    private const int Decimals = 4;

    public static (IReadOnlyDictionary<string, GeoPoint> Locations, IReadOnlyList<(ZooNode Node, IReadOnlyList<ZooNode> Neighbours, GeoPoint At)> Placed) Complete(
        IReadOnlyList<ZooNode> nodes, IReadOnlyList<ZooLink> links)
    {
        var order = nodes.Select((node, index) => (node, index)).ToDictionary(n => n.node.Id, n => n.index, StringComparer.Ordinal);
        var neighbours = nodes.ToDictionary(n => n.Id, _ => new SortedSet<int>(), StringComparer.Ordinal);
        foreach (var link in links)
        {
            neighbours[link.Source].Add(order[link.Target]);
            neighbours[link.Target].Add(order[link.Source]);
        }

        var known = nodes.Where(n => n.Location is not null).ToDictionary(n => n.Id, n => n.Location!.Value, StringComparer.Ordinal);
        var placed = new List<(ZooNode Node, IReadOnlyList<ZooNode> Neighbours, GeoPoint At)>();
        while (true)
        {
            var round = nodes.Where(n => !known.ContainsKey(n.Id))
                .Select(n => (Node: n, Neighbours: (IReadOnlyList<ZooNode>)[.. neighbours[n.Id].Select(i => nodes[i]).Where(m => known.ContainsKey(m.Id))]))
                .Where(r => r.Neighbours.Count > 0)
                .Select(r => (r.Node, r.Neighbours, At: Mean([.. r.Neighbours.Select(m => known[m.Id])])))
                .ToList();
            if (round.Count == 0)
            {
                return (known, placed);
            }

            foreach (var entry in round)
            {
                known[entry.Node.Id] = entry.At;
            }

            placed.AddRange(round);
        }
    }

    private static GeoPoint Mean(IReadOnlyList<GeoPoint> points)
    {
        if (points.Count == 1)
        {
            return points[0];
        }

        double x = 0, y = 0, z = 0;
        foreach (var p in points)
        {
            var (latitude, longitude) = (Radians(p.Latitude), Radians(p.Longitude));
            x += Math.Cos(latitude) * Math.Cos(longitude);
            y += Math.Cos(latitude) * Math.Sin(longitude);
            z += Math.Sin(latitude);
        }

        // Points that cancel out (antipodes) have no mean direction: the first of them stands in.
        if (Math.Sqrt((x * x) + (y * y) + (z * z)) < 1e-9)
        {
            return points[0];
        }

        return new GeoPoint(
            Math.Round(Degrees(Math.Atan2(z, Math.Sqrt((x * x) + (y * y)))), Decimals),
            Math.Round(Degrees(Math.Atan2(y, x)), Decimals));
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;

    private static double Degrees(double radians) => radians * 180 / Math.PI;
}
