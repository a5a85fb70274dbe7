using Testbed.Mobility.Geography;
using Testbed.Mobility.Tracks;

namespace Testbed.Mobility.Models;

/// <summary>
/// Random waypoint (Johnson and Maltz): from a uniform point of the area, go to another
/// uniform point at a speed drawn from [<see cref="MinSpeedKmh"/>, <see cref="MaxSpeedKmh"/>],
/// pause for a time drawn from [<see cref="MinPauseS"/>, <see cref="MaxPauseS"/>], and again.
/// </summary>
public sealed record RandomWaypointModel(GeoArea Area, double MinSpeedKmh, double MaxSpeedKmh, double MinPauseS, double MaxPauseS) : IMobilityModel
{
    public const string ModelName = "random-waypoint";

    public string Name => ModelName;

    public UserTrack Track(int user, double durationS, Random random)
    {
        var here = Area.Sample(random);
        var t = 0.0;
        var points = new List<TrackPoint> { new(t, here) };
        while (t < durationS)
        {
            var next = Area.Sample(random);
            var speedKmh = MobilitySeeds.Uniform(random, MinSpeedKmh, MaxSpeedKmh);
            t += here.DistanceKmTo(next) / speedKmh * 3600;
            points.Add(new(t, next));
            var pause = MobilitySeeds.Uniform(random, MinPauseS, MaxPauseS);
            if (pause > 0)
            {
                t += pause;
                points.Add(new(t, next));
            }

            here = next;
        }

        return new UserTrack(user, points);
    }
}
