using Testbed.Topology;

namespace Testbed.Topology.Tests;

public sealed class GeographyTests
{
    private static readonly GeoPoint Paris = new(48.8566, 2.3522);
    private static readonly GeoPoint NewYork = new(40.7128, -74.0060);

    [Fact]
    public void Paris_to_New_York_is_about_5840_km_and_28_ms_one_way_in_fiber()
    {
        Assert.InRange(Paris.DistanceKmTo(NewYork), 5800, 5870);
        Assert.InRange(FiberDelay.OneWayMs(Paris, NewYork), 28.3, 28.8);
    }

    [Fact]
    public void Distance_is_symmetric_and_zero_to_itself()
    {
        Assert.Equal(Paris.DistanceKmTo(NewYork), NewYork.DistanceKmTo(Paris), 9);
        Assert.Equal(0, Paris.DistanceKmTo(Paris));
    }

    [Fact]
    public void Antipodes_are_half_the_circumference_apart()
    {
        var distance = new GeoPoint(0, 0).DistanceKmTo(new GeoPoint(0, 180));

        Assert.Equal(Math.PI * GeoPoint.EarthRadiusKm, distance, 6);
    }

    [Fact]
    public void A_link_without_delay_takes_the_fiber_delay_between_its_ends()
    {
        var topology = new WanTopology
        {
            DataCenters = [new DataCenter("par", Location: Paris), new DataCenter("nyc", Location: NewYork)],
            Links = [new WanLink("par", "nyc", new LinkProperties())],
        };

        Assert.Empty(topology.Validate());
        Assert.Equal(FiberDelay.OneWayMs(Paris, NewYork), topology.DelayMs(topology.Links[0]));
    }
}
