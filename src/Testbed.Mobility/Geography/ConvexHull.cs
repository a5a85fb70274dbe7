using Testbed.Topology;

namespace Testbed.Mobility.Geography;

/// <summary>
/// The convex hull of a set of places (in the latitude/longitude plane, which for a region
/// is what a map shows), counter-clockwise. Three or more places not on one line are needed
/// for the hull to have an inside.
/// </summary>
public sealed record ConvexHull : GeoArea
{
    private ConvexHull(IReadOnlyList<GeoPoint> corners, BoundingBox box)
    {
        Corners = corners;
        Box = box;
    }

    public IReadOnlyList<GeoPoint> Corners { get; }

    public override BoundingBox Box { get; }

    /// <summary>The hull, or null when the places are fewer than three or all on one line.</summary>
    public static ConvexHull? Of(IEnumerable<GeoPoint> places)
    {
        // Andrew's monotone chain, with x = longitude and y = latitude.
        var points = places.Distinct().OrderBy(p => p.Longitude).ThenBy(p => p.Latitude).ToList();
        if (points.Count < 3)
        {
            return null;
        }

        var hull = new List<GeoPoint>();
        foreach (var pass in new[] { points, Enumerable.Reverse(points).ToList() })
        {
            var start = hull.Count;
            foreach (var p in pass)
            {
                while (hull.Count >= start + 2 && Cross(hull[^2], hull[^1], p) <= 0)
                {
                    hull.RemoveAt(hull.Count - 1);
                }

                hull.Add(p);
            }

            hull.RemoveAt(hull.Count - 1);
        }

        return hull.Count < 3 ? null : new ConvexHull(hull, BoundingBox.Around(hull));
    }

    public override bool Contains(GeoPoint point)
    {
        for (var i = 0; i < Corners.Count; i++)
        {
            if (Cross(Corners[i], Corners[(i + 1) % Corners.Count], point) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static double Cross(GeoPoint o, GeoPoint a, GeoPoint b) =>
        ((a.Longitude - o.Longitude) * (b.Latitude - o.Latitude)) - ((a.Latitude - o.Latitude) * (b.Longitude - o.Longitude));
}
