using Testbed.Control.Contracts;
using Testbed.Control.Policies;

namespace Testbed.Control.Tests.Policies;

public sealed class ReplicateOnDemandPolicyTests
{
    private static readonly string[] DataCenters = ["dc1", "dc2"];

    private static double RoundTrip(string site, string dataCenter) => site[^1] == dataCenter[^1] ? 2 : 42;

    [Fact]
    public void Demand_above_the_threshold_near_a_data_center_without_a_copy_gets_a_replica_there()
    {
        var step = ReplicateOnDemandPolicy.Decide(new ServicePlacement("app", "dc1", []), new Dictionary<string, double> { ["near1"] = 5, ["near2"] = 80 }, DataCenters, RoundTrip, 50, 10);
        Assert.Equal(new PlacementStep(PlacementStepKind.Replicate, "app", "dc2", "policy"), step);
    }

    [Fact]
    public void Demand_between_the_thresholds_changes_nothing()
    {
        Assert.Null(ReplicateOnDemandPolicy.Decide(new ServicePlacement("app", "dc1", []), new Dictionary<string, double> { ["near2"] = 30 }, DataCenters, RoundTrip, 50, 10));
        Assert.Null(ReplicateOnDemandPolicy.Decide(new ServicePlacement("app", "dc1", ["dc2"]), new Dictionary<string, double> { ["near2"] = 30 }, DataCenters, RoundTrip, 50, 10));
    }

    [Fact]
    public void A_replica_whose_demand_falls_below_the_lower_threshold_is_dropped_but_the_primary_never_is()
    {
        var step = ReplicateOnDemandPolicy.Decide(new ServicePlacement("app", "dc1", ["dc2"]), new Dictionary<string, double> { ["near2"] = 3 }, DataCenters, RoundTrip, 50, 10);
        Assert.Equal(new PlacementStep(PlacementStepKind.Drop, "app", "dc2", "policy"), step);
        Assert.Null(ReplicateOnDemandPolicy.Decide(new ServicePlacement("app", "dc1", []), new Dictionary<string, double>(), DataCenters, RoundTrip, 50, 10));
    }
}
