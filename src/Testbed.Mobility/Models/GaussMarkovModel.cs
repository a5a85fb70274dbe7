using Testbed.Mobility.Geography;
using Testbed.Mobility.Tracks;
using Testbed.Topology;

namespace Testbed.Mobility.Models;

/// <summary>
/// Gauss-Markov (Liang and Haas; as Camp, Boleng and Davies survey it): every
/// <see cref="StepS"/> the speed and the heading are drawn from their last values, pulled
/// toward their means by 1 - <see cref="Alpha"/>, with Gaussian noise scaled by
/// √(1 - α²). α = 0 is a random walk around the means; α = 1 a straight line. At the edge of
/// the area the mean heading turns toward the area's centre, so users stay inside.
/// </summary>
/// <param name="SpeedDeviationKmh">The noise of the speed; the heading's is 45°.</param>
/// <param name="MaxSpeedKmh">Speeds are clamped to [0, this].</param>
public sealed record GaussMarkovModel(GeoArea Area, double MeanSpeedKmh, double Alpha, double StepS, double SpeedDeviationKmh, double MaxSpeedKmh) : IMobilityModel
{
    public const string ModelName = "gauss-markov";

    private const double HeadingDeviation = Math.PI / 4;

    public string Name => ModelName;

    public UserTrack Track(int user, double durationS, Random random)
    {
        var here = Area.Sample(random);
        var meanHeading = random.NextDouble() * 2 * Math.PI;
        var heading = meanHeading;
        var speed = MeanSpeedKmh;
        var memory = Math.Sqrt(1 - (Alpha * Alpha));
        var points = new List<TrackPoint> { new(0, here) };
        for (var t = StepS; t - StepS < durationS; t += StepS)
        {
            speed = Math.Clamp((Alpha * speed) + ((1 - Alpha) * MeanSpeedKmh) + (memory * MobilitySeeds.Normal(random, 0, SpeedDeviationKmh)), 0, MaxSpeedKmh);
            heading = (Alpha * heading) + ((1 - Alpha) * meanHeading) + (memory * MobilitySeeds.Normal(random, 0, HeadingDeviation));
            var next = Step(here, speed, heading);
            if (!Area.Contains(next))
            {
                // Turn toward the centre, and make that the way this user now tends to go.
                var centre = new GeoPoint((Area.Box.South + Area.Box.North) / 2, (Area.Box.West + Area.Box.East) / 2);
                heading = meanHeading = Math.Atan2(centre.Latitude - here.Latitude, (centre.Longitude - here.Longitude) * Math.Cos(here.Latitude * Math.PI / 180));
                next = Step(here, speed, heading);
                if (!Area.Contains(next))
                {
                    next = here;
                }
            }

            points.Add(new(t, next));
            here = next;
        }

        return new UserTrack(user, points);
    }

    /// <summary>Where <see cref="StepS"/> at <paramref name="speedKmh"/> on <paramref name="heading"/> (radians from east, counter-clockwise) leads.</summary>
    private GeoPoint Step(GeoPoint from, double speedKmh, double heading)
    {
        var km = speedKmh * StepS / 3600;
        return GeoSteps.Offset(from, km * Math.Cos(heading), km * Math.Sin(heading));
    }
}
