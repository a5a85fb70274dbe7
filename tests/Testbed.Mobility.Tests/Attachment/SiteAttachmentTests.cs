using Testbed.Mobility.Attachment;
using Testbed.Mobility.Geography;
using Testbed.Mobility.Tracks;
using Testbed.Topology;

namespace Testbed.Mobility.Tests.Attachment;

public sealed class SiteAttachmentTests
{
    // Two sites on the equator one degree apart (111.2 km): the border is at longitude 0.5.
    private static readonly NamedPlace West = new("west", new GeoPoint(0, 0));
    private static readonly NamedPlace East = new("east", new GeoPoint(0, 1));

    private static UserTrack Wobble(params double[] longitudes) =>
        new(0, [.. longitudes.Select((lon, i) => new TrackPoint(i * 10, new GeoPoint(0, lon)))]);

    [Fact]
    public void Without_hysteresis_a_user_wobbling_on_the_border_flaps_at_every_crossing()
    {
        var history = new SiteAttachment([West, East], HandoverRule.Nearest).Follow(Wobble(0.49, 0.51, 0.49, 0.51, 0.49), 40, 10);
        Assert.Equal("west", history.FirstSite);
        Assert.Equal(["east", "west", "east", "west"], history.Handovers.Select(h => h.To));
    }

    [Fact]
    public void A_user_handed_over_on_a_border_stays_put_within_the_hysteresis_distance()
    {
        // ±0.01° around the border is ±1.1 km from it, so the two sites' distances differ by
        // 2.2 km: under a 5 km hysteresis the user stays; it goes once it is 0.1° (22 km) over.
        var rule = new HandoverRule(HysteresisKm: 5);
        var history = new SiteAttachment([West, East], rule).Follow(Wobble(0.49, 0.51, 0.49, 0.51, 0.6, 0.51, 0.49), 60, 10);
        Assert.Equal([(40.0, "west", "east")], history.Handovers.Select(h => (h.TimeS, h.From, h.To)));
        Assert.Equal("east", history.SiteAt(60));
    }

    [Fact]
    public void A_dwell_time_hands_over_only_after_the_other_site_has_stayed_nearer_that_long()
    {
        // Sampled every 10 s: across the border at 10 s, back at 20 s (too short for 25 s), across
        // again from 30 s, and handed over at 60 s, once 30 s have passed since it crossed.
        var rule = new HandoverRule(DwellS: 25);
        var history = new SiteAttachment([West, East], rule).Follow(Wobble(0.4, 0.6, 0.4, 0.6, 0.6, 0.6, 0.6, 0.6), 70, 10);
        Assert.Equal([60.0], history.Handovers.Select(h => h.TimeS));
    }

    [Fact]
    public void Of_two_sites_as_near_the_first_listed_wins_so_attachment_is_deterministic()
    {
        var middle = new GeoPoint(0, 0.5);
        Assert.Equal("west", new SiteAttachment([West, East], HandoverRule.Nearest).Nearest(middle).Name);
        Assert.Equal("east", new SiteAttachment([East, West], HandoverRule.Nearest).Nearest(middle).Name);
    }
}
