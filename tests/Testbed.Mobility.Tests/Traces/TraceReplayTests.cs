using Testbed.Mobility.Attachment;
using Testbed.Mobility.Geography;
using Testbed.Mobility.Plans;
using Testbed.Mobility.Traces;
using Testbed.Topology;

namespace Testbed.Mobility.Tests.Traces;

public sealed class TraceReplayTests
{
    // Two sites on the equator, 0.1° (11.1 km) apart: the border is at longitude 0.05.
    private static readonly NamedPlace West = new("west", new GeoPoint(0, 0));
    private static readonly NamedPlace East = new("east", new GeoPoint(0, 0.1));
    private static readonly Dictionary<string, GeoPoint?> Sites = new() { ["west"] = West.Position, ["east"] = East.Position };

    private static GroupMobilityPlan Replay(Trace trace, TraceReplayOptions options, int users, double durationS) =>
        MobilityPlanner.FromTrace(TraceReplay.Prepare(trace, options, Sites, users, new Random(1)), durationS, new SiteAttachment([West, East], HandoverRule.Nearest), 1);

    [Fact]
    public void A_csv_trace_by_place_hands_each_user_over_where_it_crosses_the_border()
    {
        // a walks east from the west site, on the border at 25 s; b starts east and comes back
        // west after 10 s, on the border at 15 s. On the border both sites are as near, so each
        // is handed over at the next look, a second later.
        var trace = CsvTraceReader.Parse("""
            t_s,user,lat,lon
            0,a,0,0.00
            0,b,0,0.10
            10,b,0,0.10
            20,a,0,0.04
            20,b,0,0.00
            30,a,0,0.06
            """, "walk.csv");

        var plan = Replay(trace, new TraceReplayOptions(), 2, 40);

        Assert.Equal(["west", "east"], plan.Users.Select(u => u.FirstSite));
        Assert.Equal([(16.0, 1, "east", "west"), (26.0, 0, "west", "east")], plan.Handovers.Select(h => (h.TimeS, h.User, h.From, h.To)));
    }

    [Fact]
    public void A_csv_trace_by_site_is_its_own_attachment_and_its_clock_is_offset_and_scaled()
    {
        var trace = CsvTraceReader.Parse("""
            # t_s is the trace's clock: the run starts at 100 s of it, at twice its pace
            t_s,user,site
            90,a,west
            110,a,east
            120,a,east
            140,a,west
            """, "sites.csv");

        var plan = Replay(trace, new TraceReplayOptions(OffsetS: 100, TimeScale: 0.5), 1, 60);

        Assert.Equal("west", plan.Users[0].FirstSite);
        Assert.Equal([(5.0, "west", "east"), (20.0, "east", "west")], plan.Handovers.Select(h => (h.TimeS, h.From, h.To)));
    }

    [Fact]
    public void An_fcd_trace_laid_on_a_box_hands_vehicles_over_as_their_x_crosses_the_middle()
    {
        // A 1000 m plane laid onto the box from the west site to the east site: x = 500 m is
        // the border. Vehicle 0 drives east and is on it at 5 s: handed over at the next look, 6 s.
        var fcd = """
            <?xml version="1.0" encoding="UTF-8"?>
            <fcd-export>
                <timestep time="0.00">
                    <vehicle id="0" x="100.00" y="500.00" speed="100.00"/>
                </timestep>
                <timestep time="4.00">
                    <vehicle id="0" x="400.00" y="500.00" speed="100.00"/>
                    <vehicle id="1" x="900.00" y="500.00" speed="0.00"/>
                </timestep>
                <timestep time="6.00">
                    <vehicle id="0" x="600.00" y="500.00" speed="100.00"/>
                    <vehicle id="1" x="900.00" y="500.00" speed="0.00"/>
                </timestep>
            </fcd-export>
            """;
        var projection = FcdProjection.OntoBox(0, 0, 1000, 1000, new BoundingBox(-0.05, 0, 0.05, 0.1));
        var trace = FcdTraceReader.Parse(fcd, "cars.fcd.xml", projection);

        // The box stretches the plane elevenfold: 100 m/s on the plane is about 4000 km/h on it.
        var plan = Replay(trace, new TraceReplayOptions(MaxSpeedKmh: 5000), 2, 10);

        Assert.Equal(["0", "1"], trace.Users);
        Assert.Equal(["west", "east"], plan.Users.Select(u => u.FirstSite));
        Assert.Equal([(6.0, 0, "west", "east")], plan.Handovers.Select(h => (h.TimeS, h.User, h.From, h.To)));
    }

    [Fact]
    public void The_shipped_sumo_trace_replays_with_its_net_plane_and_a_limit_above_its_fastest_car()
    {
        var (minX, minY, maxX, maxY, geo) = (0.0, 0.0, 4500.0, 4500.0, false);
        var path = Path.Combine(AppContext.BaseDirectory, "traces", "grid.fcd.xml");
        var box = new BoundingBox(48.10, 11.50, 48.1405, 11.5605);
        var trace = FcdTraceReader.Parse(File.ReadAllText(path), path, FcdProjection.OntoBox(minX, minY, maxX, maxY, box));

        Assert.False(geo);
        Assert.Equal(20, trace.Users.Count);
        var users = TraceReplay.Prepare(trace, new TraceReplayOptions(MaxSpeedKmh: 100), Sites, 5, new Random(3));
        Assert.Equal(5, users.Count);
        Assert.All(users, u => Assert.NotNull(u.Track));
    }

    [Theory]
    [InlineData("t_s,user,lat,lon\n5,a,0,0\n3,a,0,0\n", "t.csv:3: time 3s is before the previous row's 5s: a trace is in time order")]
    [InlineData("t_s,user,site\n0,a,west\n1,a,north\n", "t.csv:3: no user site is named 'north'; the user sites are west, east")]
    [InlineData("t_s,user,lat,lon\n0,a,0,0\n\n10,a,0,1\n", "t.csv:4: user a moves 111.195 km at 40030.2 km/h, faster than the stated limit of 300 km/h")]
    [InlineData("t_s,user,lat,lon\n0,a,0,0\n0,a,0,1\n", "t.csv:3: user a moves 111.195 km in no time, faster than the stated limit of 300 km/h")]
    public void A_bad_trace_is_refused_at_its_line(string text, string message)
    {
        var e = Assert.Throws<TraceFormatException>(() => TraceReplay.Prepare(CsvTraceReader.Parse(text, "t.csv"), new TraceReplayOptions(MaxSpeedKmh: 300), Sites, 1, new Random(1)));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("time,user,lat,lon\n", "t.csv:1: the header is \"t_s,user,lat,lon\" or \"t_s,user,site\", not \"time,user,lat,lon\"")]
    [InlineData("t_s,user,lat,lon\n0,a,0\n", "t.csv:2: 3 fields; the header has 4 (t_s,user,lat,lon)")]
    [InlineData("t_s,user,lat,lon\n0,a,north,0\n", "t.csv:2: lat \"north\" is not a number")]
    [InlineData("t_s,user,lat,lon\n0,a,91,0\n", "t.csv:2: (91, 0) is not on Earth: latitude is -90 to 90, longitude -180 to 180")]
    [InlineData("", "t.csv:1: the trace is empty: no header")]
    public void A_malformed_csv_is_refused_at_its_line(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<TraceFormatException>(() => CsvTraceReader.Parse(text, "t.csv")).Message);
    }

    [Fact]
    public void A_group_larger_than_its_trace_is_refused_and_sampling_follows_the_seed()
    {
        var trace = CsvTraceReader.Parse("t_s,user,site\n0,a,west\n0,b,west\n0,c,east\n0,d,east\n", "t.csv");
        Assert.Contains("the trace has 4 users and the group 5", Assert.Throws<TraceFormatException>(() => TraceReplay.Prepare(trace, new(), Sites, 5, new Random(1))).Message);

        string Draw(int seed) => string.Join(",", TraceReplay.Prepare(trace, new(), Sites, 2, new Random(seed)).Select(u => u.Id));
        Assert.Equal(Draw(9), Draw(9));
        Assert.Contains(Enumerable.Range(0, 20).Select(Draw), d => d != Draw(9));
    }

    [Fact]
    public void A_broken_fcd_file_is_refused_at_its_line()
    {
        var projection = FcdProjection.FromGeoReference;
        Assert.StartsWith("c.xml:1: not SUMO FCD output", Assert.Throws<TraceFormatException>(() => FcdTraceReader.Parse("<routes/>", "c.xml", projection)).Message);
        Assert.Equal("c.xml:3: <vehicle> has no number y=\"...\"", Assert.Throws<TraceFormatException>(() => FcdTraceReader.Parse("<fcd-export>\n<timestep time=\"0\">\n<vehicle id=\"0\" x=\"1\"/>\n</timestep></fcd-export>", "c.xml", projection)).Message);
        Assert.StartsWith("c.xml:2: not XML", Assert.Throws<TraceFormatException>(() => FcdTraceReader.Parse("<fcd-export>\n<timestep", "c.xml", projection)).Message);
    }
}
