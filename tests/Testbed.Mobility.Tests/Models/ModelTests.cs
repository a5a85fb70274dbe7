using Testbed.Mobility.Geography;
using Testbed.Mobility.Models;
using Testbed.Mobility.Tracks;
using Testbed.Topology;

namespace Testbed.Mobility.Tests.Models;

/// <summary>Every model: the same seed gives the same tracks, and speeds and pauses stay within their bounds.</summary>
public sealed class ModelTests
{
    private const double DurationS = 4 * 3600;

    private static readonly BoundingBox Region = new(47.0, 7.0, 48.0, 9.0);

    private static readonly NamedPlace[] Places =
    [
        new("zurich", new GeoPoint(47.37, 8.54)),
        new("bern", new GeoPoint(46.95, 7.45)),
        new("basel", new GeoPoint(47.56, 7.59)),
        new("lucerne", new GeoPoint(47.05, 8.31)),
    ];

    public static TheoryData<string> Names() => ["random-waypoint", "gauss-markov", "nomadic", "commuter"];

    private static IMobilityModel Model(string name) => name switch
    {
        "random-waypoint" => new RandomWaypointModel(Region, 20, 60, 30, 300),
        "gauss-markov" => new GaussMarkovModel(Region, 40, 0.75, 1, 10, 80),
        "nomadic" => new NomadicModel(Places, 600, 50),
        "commuter" => new CommuterModel(Places[..2], Places[2..], 8 * 3600, 17 * 3600, 1800, 60, 6 * 3600),
        _ => throw new ArgumentException(name),
    };

    private static List<UserTrack> Tracks(string name, int seed) =>
        [.. Enumerable.Range(0, 8).Select(user => Model(name).Track(user, DurationS, MobilitySeeds.For(seed, "crowd", user)))];

    [Theory]
    [MemberData(nameof(Names))]
    public void The_same_seed_gives_the_same_tracks_and_another_seed_others(string name)
    {
        Assert.Equal(Tracks(name, 7).SelectMany(t => t.Points), Tracks(name, 7).SelectMany(t => t.Points));
        Assert.NotEqual(Tracks(name, 7).SelectMany(t => t.Points), Tracks(name, 8).SelectMany(t => t.Points));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_track_covers_the_run_in_time_order_and_starts_at_zero(string name)
    {
        foreach (var track in Tracks(name, 3))
        {
            Assert.Equal(0, track.Points[0].TimeS);
            Assert.True(track.Points[^1].TimeS >= DurationS || name == "commuter");
            Assert.All(track.Points.Zip(track.Points.Skip(1)), pair => Assert.True(pair.Second.TimeS >= pair.First.TimeS));
        }
    }

    [Fact]
    public void Random_waypoint_keeps_its_speeds_pauses_and_area()
    {
        foreach (var track in Tracks("random-waypoint", 11))
        {
            Assert.All(track.Points, p => Assert.True(Region.Contains(p.Position)));
            foreach (var (from, to, speed) in track.Legs())
            {
                if (speed == 0)
                {
                    Assert.InRange(to.TimeS - from.TimeS, 30, 300);
                }
                else
                {
                    Assert.InRange(speed, 20 * 0.999, 60 * 1.001);
                }
            }
        }
    }

    [Fact]
    public void Gauss_markov_keeps_its_speeds_and_area_and_its_memory_makes_headings_persist()
    {
        var model = new GaussMarkovModel(Region, 40, 0.75, 1, 10, 80);
        foreach (var track in Tracks("gauss-markov", 5))
        {
            Assert.All(track.Points, p => Assert.True(Region.Contains(p.Position)));
            Assert.All(track.Legs(), leg => Assert.InRange(leg.SpeedKmh, 0, model.MaxSpeedKmh * 1.01));
            Assert.InRange(track.Legs().Average(l => l.SpeedKmh), 30, 50);
        }

        // α = 1 keeps speed and heading: the user goes straight at the mean speed until an edge.
        var straight = new GaussMarkovModel(Region, 40, 1, 1, 10, 80).Track(0, 60, MobilitySeeds.For(1, "g", 0));
        Assert.All(straight.Legs().Take(30), leg => Assert.Equal(40, leg.SpeedKmh, 0.5));
    }

    [Fact]
    public void Nomads_dwell_at_the_places_and_travel_between_them_at_their_speed()
    {
        var places = Places.Select(p => p.Position).ToHashSet();
        var dwells = new List<double>();
        foreach (var track in Tracks("nomadic", 2))
        {
            foreach (var (from, to, speed) in track.Legs())
            {
                if (speed == 0)
                {
                    Assert.Contains(from.Position, places);
                    dwells.Add(to.TimeS - from.TimeS);
                }
                else
                {
                    Assert.Equal(50, speed, 0.01);
                    Assert.Contains(to.Position, places);
                }
            }
        }

        // Exponential dwells of mean 600 s: their mean, over dozens, is well within 300 to 1200 s.
        Assert.True(dwells.Count > 20);
        Assert.InRange(dwells.Average(), 300, 1200);
    }

    [Fact]
    public void Commuters_are_home_at_dawn_at_work_at_noon_and_travel_at_their_speed()
    {
        // The run starts at 06:00: at t = 0 every commuter is home; at noon (t = 6 h) at work.
        var model = (CommuterModel)Model("commuter");
        foreach (var track in Enumerable.Range(0, 8).Select(user => model.Track(user, 12 * 3600, MobilitySeeds.For(4, "c", user))))
        {
            Assert.Contains(track.PositionAt(0), model.Homes.Select(h => h.Position));
            Assert.Contains(track.PositionAt(6 * 3600), model.Works.Select(w => w.Position));
            Assert.All(track.Legs().Where(l => l.SpeedKmh > 0), leg => Assert.Equal(60, leg.SpeedKmh, 0.01));
        }
    }
}
