namespace Testbed.Topology;

/// <summary>One-way propagation delay over fiber laid along the great circle.</summary>
public static class FiberDelay
{
    /// <summary>
    /// The group index of standard single-mode fiber (ITU-T G.652) at 1550 nm; light in it
    /// covers about 204 km per millisecond. Real routes are longer than the great circle,
    /// so this is the floor an experiment can raise with an explicit delay.
    /// </summary>
    public const double RefractiveIndex = 1.468;

    public const double SpeedOfLightKmPerMs = 299_792.458 / 1000;

    public static double OneWayMs(double distanceKm) => distanceKm * RefractiveIndex / SpeedOfLightKmPerMs;

    public static double OneWayMs(GeoPoint from, GeoPoint to) => OneWayMs(from.DistanceKmTo(to));
}
