using Testbed.Topology;

namespace Testbed.Mobility.Geography;

/// <summary>A region users move in: a bounding box, or the convex hull of named sites.</summary>
public abstract record GeoArea
{
    /// <summary>The smallest latitude/longitude box holding the area, which points are drawn from.</summary>
    public abstract BoundingBox Box { get; }

    public abstract bool Contains(GeoPoint point);

    /// <summary>
    /// A point drawn uniformly (in degrees, which over a region of a few hundred kilometres is
    /// near enough to uniform in area) inside the area, by rejection from its box.
    /// </summary>
    public GeoPoint Sample(Random random)
    {
        var box = Box;
        while (true)
        {
            var point = new GeoPoint(box.South + (random.NextDouble() * (box.North - box.South)), box.West + (random.NextDouble() * (box.East - box.West)));
            if (Contains(point))
            {
                return point;
            }
        }
    }
}
