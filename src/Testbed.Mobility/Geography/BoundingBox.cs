using Testbed.Topology;

namespace Testbed.Mobility.Geography;

/// <summary>A latitude/longitude box; it does not cross the antimeridian.</summary>
public sealed record BoundingBox(double South, double West, double North, double East) : GeoArea
{
    public override BoundingBox Box => this;

    public override bool Contains(GeoPoint point) =>
        point.Latitude >= South && point.Latitude <= North && point.Longitude >= West && point.Longitude <= East;

    /// <summary>The problem with this box, or null: it must be on Earth and have an inside.</summary>
    public string? Problem() =>
        !(South >= -90 && North <= 90 && West >= -180 && East <= 180) ? "a bounding box is on Earth: latitudes -90 to 90, longitudes -180 to 180"
        : !(South < North && West < East) ? "a bounding box is [south, west, north, east] with south < north and west < east"
        : null;

    public static BoundingBox Around(IEnumerable<GeoPoint> points)
    {
        var list = points.ToList();
        return new BoundingBox(list.Min(p => p.Latitude), list.Min(p => p.Longitude), list.Max(p => p.Latitude), list.Max(p => p.Longitude));
    }
}
