using Testbed.Control.Policies;

namespace Testbed.Control.Tests.Policies;

public sealed class FollowUsersPolicyTests
{
    private static readonly string[] DataCenters = ["dc1", "dc2", "dc3"];

    /// <summary>A line: site i is 2 ms from dc i, and dc1-dc2-dc3 are 40 ms apart each (round trips).</summary>
    private static double RoundTrip(string site, string dataCenter) =>
        2 + (40 * Math.Abs(int.Parse(site[^1..], System.Globalization.CultureInfo.InvariantCulture) - int.Parse(dataCenter[^1..], System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Users_all_at_the_third_site_pull_the_service_to_the_third_data_center()
    {
        Assert.Equal("dc3", FollowUsersPolicy.Decide("dc1", new Dictionary<string, double> { ["near3"] = 20 }, DataCenters, RoundTrip, 20));
    }

    [Fact]
    public void Users_mostly_halfway_make_the_middle_data_center_best()
    {
        // Costs: dc1 12·42 + 8·82 = 1160, dc2 12·2 + 8·42 = 360, dc3 12·42 + 8·2 = 520.
        var demand = new Dictionary<string, double> { ["near2"] = 12, ["near3"] = 8 };
        Assert.Equal("dc2", FollowUsersPolicy.Decide("dc1", demand, DataCenters, RoundTrip, 20));
    }

    [Fact]
    public void A_gain_within_the_hysteresis_does_not_move_the_service()
    {
        // At dc1 the cost is 10·2 + 11·42 = 482, at dc2 10·42 + 11·2 = 442: better by 8%.
        var demand = new Dictionary<string, double> { ["near1"] = 10, ["near2"] = 11 };
        Assert.Null(FollowUsersPolicy.Decide("dc1", demand, DataCenters, RoundTrip, 20));
        Assert.Equal("dc2", FollowUsersPolicy.Decide("dc1", demand, DataCenters, RoundTrip, 5));
    }

    [Fact]
    public void No_demand_or_no_candidate_means_no_move()
    {
        Assert.Null(FollowUsersPolicy.Decide("dc1", new Dictionary<string, double>(), DataCenters, RoundTrip, 20));
        Assert.Null(FollowUsersPolicy.Decide("dc1", new Dictionary<string, double> { ["near3"] = 5 }, [], RoundTrip, 20));
    }

    [Fact]
    public void A_failed_data_center_is_not_a_candidate()
    {
        Assert.Equal("dc2", FollowUsersPolicy.Decide("dc1", new Dictionary<string, double> { ["near3"] = 20 }, ["dc1", "dc2"], RoundTrip, 20));
    }
}
