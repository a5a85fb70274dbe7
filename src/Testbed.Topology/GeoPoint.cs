namespace Testbed.Topology;

/// <summary>A place on Earth, in degrees.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    /// <summary>The mean Earth radius (IUGG), enough for delays: the sphere errs by under 0.5%.</summary>
    public const double EarthRadiusKm = 6371.0088;

    /// <summary>Great-circle distance by the haversine formula, stable for short distances.</summary>
    public double DistanceKmTo(GeoPoint other)
    {
        var phi1 = Radians(Latitude);
        var phi2 = Radians(other.Latitude);
        var dPhi = phi2 - phi1;
        var dLambda = Radians(other.Longitude - Longitude);
        var h = Math.Sin(dPhi / 2) * Math.Sin(dPhi / 2)
            + Math.Cos(phi1) * Math.Cos(phi2) * Math.Sin(dLambda / 2) * Math.Sin(dLambda / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
