using Testbed.Mobility.Geography;
using Testbed.Topology;

namespace Testbed.Mobility.Traces;

/// <summary>
/// How SUMO's x/y become latitude and longitude: either the FCD is geo already (SUMO wrote it
/// with <c>--fcd-output.geo</c>, applying the net's geo-reference: x is the longitude, y the
/// latitude), or the net's plane (its <c>convBoundary</c>) is laid onto a stated box.
/// </summary>
public sealed record FcdProjection(bool Geo, double MinX = 0, double MinY = 0, double MaxX = 0, double MaxY = 0, BoundingBox? Box = null)
{
    public static readonly FcdProjection FromGeoReference = new(true);

    public static FcdProjection OntoBox(double minX, double minY, double maxX, double maxY, BoundingBox box) => new(false, minX, minY, maxX, maxY, box);

    public GeoPoint Place(double x, double y) => Geo
        ? new GeoPoint(y, x)
        : new GeoPoint(
            Box!.South + ((y - MinY) / (MaxY - MinY) * (Box.North - Box.South)),
            Box.West + ((x - MinX) / (MaxX - MinX) * (Box.East - Box.West)));
}
