using Testbed.Topology;

namespace Testbed.Mobility.Geography;

/// <summary>Moving on the Earth's surface over the short distances users travel between two samples.</summary>
public static class GeoSteps
{
    /// <summary>The point a fraction <paramref name="fraction"/> of the way from <paramref name="from"/> to <paramref name="to"/>, straight in degrees.</summary>
    public static GeoPoint Between(GeoPoint from, GeoPoint to, double fraction) =>
        new(from.Latitude + ((to.Latitude - from.Latitude) * fraction), from.Longitude + ((to.Longitude - from.Longitude) * fraction));

    /// <summary>
    /// The point <paramref name="eastKm"/> east and <paramref name="northKm"/> north of
    /// <paramref name="from"/> (a local flat-Earth step, exact enough for steps of a few km).
    /// </summary>
    public static GeoPoint Offset(GeoPoint from, double eastKm, double northKm)
    {
        var kmPerDegree = GeoPoint.EarthRadiusKm * Math.PI / 180;
        var latitude = from.Latitude + (northKm / kmPerDegree);
        var longitude = from.Longitude + (eastKm / (kmPerDegree * Math.Cos(from.Latitude * Math.PI / 180)));
        return new GeoPoint(latitude, longitude);
    }
}
