using Testbed.Mobility.Geography;
using Testbed.Mobility.Tracks;

namespace Testbed.Mobility.Models;

/// <summary>
/// Nomadic, as EdgeCloudSim models it: a user stays at a place for an exponential time of
/// mean <see cref="MeanDwellS"/>, then goes to another place drawn uniformly. Without a
/// <see cref="SpeedKmh"/> it is there at once, as in EdgeCloudSim; with one it travels.
/// </summary>
public sealed record NomadicModel(IReadOnlyList<NamedPlace> Places, double MeanDwellS, double? SpeedKmh) : IMobilityModel
{
    public const string ModelName = "nomadic";

    public string Name => ModelName;

    public UserTrack Track(int user, double durationS, Random random)
    {
        var at = random.Next(Places.Count);
        var t = 0.0;
        var points = new List<TrackPoint> { new(t, Places[at].Position) };
        while (t < durationS)
        {
            t += MobilitySeeds.Exponential(random, MeanDwellS);
            points.Add(new(t, Places[at].Position));
            var next = (at + 1 + random.Next(Places.Count - 1)) % Places.Count;
            if (SpeedKmh is { } speed)
            {
                t += Places[at].Position.DistanceKmTo(Places[next].Position) / speed * 3600;
            }

            points.Add(new(t, Places[next].Position));
            at = next;
        }

        return new UserTrack(user, points);
    }
}
