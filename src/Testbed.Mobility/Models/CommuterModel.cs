using Testbed.Mobility.Geography;
using Testbed.Mobility.Tracks;

namespace Testbed.Mobility.Models;

/// <summary>
/// Commuters: each user has a home among <see cref="Homes"/> and a work place among
/// <see cref="Works"/>, and every day leaves home at <see cref="LeaveHomeS"/> and work at
/// <see cref="LeaveWorkS"/> (seconds after midnight), each departure spread by a normal draw
/// of deviation <see cref="SpreadS"/>, travelling at <see cref="SpeedKmh"/>. The run starts at
/// <see cref="StartOfRunS"/> after midnight of day one.
/// </summary>
public sealed record CommuterModel(
    IReadOnlyList<NamedPlace> Homes,
    IReadOnlyList<NamedPlace> Works,
    double LeaveHomeS,
    double LeaveWorkS,
    double SpreadS,
    double SpeedKmh,
    double StartOfRunS) : IMobilityModel
{
    public const string ModelName = "commuter";

    public const double DayS = 24 * 3600;

    public string Name => ModelName;

    public UserTrack Track(int user, double durationS, Random random)
    {
        var home = Homes[random.Next(Homes.Count)].Position;
        var work = Works[random.Next(Works.Count)].Position;
        var travelS = home.DistanceKmTo(work) / SpeedKmh * 3600;

        // The whole days around the run, on the run's clock; the track is cut to the run after.
        var points = new List<TrackPoint> { new(-StartOfRunS - DayS, home) };
        for (var day = 0; (day * DayS) - StartOfRunS < durationS + DayS; day++)
        {
            var midnight = (day * DayS) - StartOfRunS;
            var leaveHome = Math.Max(points[^1].TimeS, midnight + MobilitySeeds.Normal(random, LeaveHomeS, SpreadS));
            points.Add(new(leaveHome, home));
            points.Add(new(leaveHome + travelS, work));
            var leaveWork = Math.Max(leaveHome + travelS, midnight + MobilitySeeds.Normal(random, LeaveWorkS, SpreadS));
            points.Add(new(leaveWork, work));
            points.Add(new(leaveWork + travelS, home));
        }

        var whole = new UserTrack(user, points);
        var cut = new List<TrackPoint> { new(0, whole.PositionAt(0)) };
        cut.AddRange(points.Where(p => p.TimeS > 0));
        return new UserTrack(user, cut);
    }
}
