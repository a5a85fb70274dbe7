using Testbed.Mobility.Geography;
using Testbed.Topology;

namespace Testbed.Mobility.Tracks;

/// <summary>
/// One user's path: points in time order, joined by straight moves at constant speed. Two
/// points at one place are a pause. Before its first point a user is there; after its last, it
/// stays where it ended.
/// </summary>
public sealed record UserTrack(int User, IReadOnlyList<TrackPoint> Points)
{
    public GeoPoint PositionAt(double timeS)
    {
        if (timeS <= Points[0].TimeS)
        {
            return Points[0].Position;
        }

        if (timeS >= Points[^1].TimeS)
        {
            return Points[^1].Position;
        }

        // The last point at or before timeS: a binary search, since tracks can be long.
        int low = 0, high = Points.Count - 1;
        while (high - low > 1)
        {
            var middle = (low + high) / 2;
            if (Points[middle].TimeS <= timeS)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        var (a, b) = (Points[low], Points[high]);
        return b.TimeS <= a.TimeS ? b.Position : GeoSteps.Between(a.Position, b.Position, (timeS - a.TimeS) / (b.TimeS - a.TimeS));
    }

    /// <summary>Each leg between two consecutive points: its speed in km/h, 0 for a pause; a jump in no time is infinite.</summary>
    public IEnumerable<(TrackPoint From, TrackPoint To, double SpeedKmh)> Legs()
    {
        for (var i = 1; i < Points.Count; i++)
        {
            var (a, b) = (Points[i - 1], Points[i]);
            var km = a.Position.DistanceKmTo(b.Position);
            var hours = (b.TimeS - a.TimeS) / 3600;
            yield return (a, b, km == 0 ? 0 : hours <= 0 ? double.PositiveInfinity : km / hours);
        }
    }
}
