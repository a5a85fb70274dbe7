using Testbed.TestSupport;
using Testbed.Topology;

namespace Testbed.Topology.Tests;

public sealed class TopologyValidationTests
{
    [Fact]
    public void The_samples_are_valid()
    {
        Assert.Empty(SampleTopologies.Line().Validate());
        Assert.Empty(SampleTopologies.Triangle().Validate());
    }

    [Fact]
    public void Each_problem_names_the_field_it_is_about()
    {
        var topology = SampleTopologies.Line() with
        {
            Links =
            [
                new WanLink("user", "r1", new LinkProperties(-1)),
                new WanLink("r1", "r2", new LinkProperties(5, JitterMs: 6)),
                new WanLink("r2", "r3", new LinkProperties(5, LossPercent: 101, BandwidthMbps: 0, QueuePackets: 0)),
                new WanLink("r3", "nowhere", 1),
                new WanLink("r3", "dc1", new LinkProperties()),
            ],
        };

        var problems = topology.Validate().ToDictionary(p => p.Path, p => p.Message);

        Assert.Contains("0 to", problems["links[0].delay_ms"], StringComparison.Ordinal);
        Assert.Contains("negative delays", problems["links[1].jitter_ms"], StringComparison.Ordinal);
        Assert.Contains("0 to 100%", problems["links[2].loss_pct"], StringComparison.Ordinal);
        Assert.Contains("above 0", problems["links[2].bandwidth_mbps"], StringComparison.Ordinal);
        Assert.Contains($"1 to {LinkProperties.MaxQueuePackets}", problems["links[2].queue_packets"], StringComparison.Ordinal);
        Assert.Contains("'nowhere'", problems["links[3].b"], StringComparison.Ordinal);
        Assert.Contains("location", problems["links[4].delay_ms"], StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_and_malformed_names_self_links_and_parallel_links_are_refused()
    {
        var topology = new WanTopology
        {
            DataCenters = [new DataCenter("dc1"), new DataCenter("dc1"), new DataCenter("bad name")],
            WanRouters = [new WanRouter("r1")],
            Links = [new WanLink("dc1", "r1", 1), new WanLink("r1", "dc1", 2), new WanLink("r1", "r1", 1)],
        };

        var problems = topology.Validate().ToDictionary(p => p.Path, p => p.Message);

        Assert.Contains("already the name of data_centers[0].name", problems["data_centers[1].name"], StringComparison.Ordinal);
        Assert.Contains("not a valid name", problems["data_centers[2].name"], StringComparison.Ordinal);
        Assert.Contains("already joined", problems["links[1]"], StringComparison.Ordinal);
        Assert.Contains("itself", problems["links[2]"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_cut_off_from_the_data_centers_is_refused_and_user_sites_do_not_carry_transit()
    {
        // r2 hangs off a user site only: the site would have to forward for it.
        var topology = new WanTopology
        {
            DataCenters = [new DataCenter("dc1")],
            WanRouters = [new WanRouter("r2")],
            UserSites = [new UserSite("home")],
            Links = [new WanLink("dc1", "home", 1), new WanLink("home", "r2", 1)],
        };

        var problem = Assert.Single(topology.Validate());

        Assert.Equal("r2", problem.Path);
        Assert.Contains("cannot reach data center 'dc1'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validated_throws_with_every_problem()
    {
        var topology = new WanTopology { UserSites = [new UserSite("lonely")], DataCenters = [new DataCenter("dc1", Hosts: 0)] };

        var failure = Assert.Throws<TopologyException>(() => topology.Validated());

        Assert.Equal(["data_centers[0].hosts", "user_sites[0]"], failure.Problems.Select(p => p.Path));
    }

    [Fact]
    public void A_change_sets_what_it_names_and_keeps_the_rest()
    {
        var before = new LinkProperties(20, JitterMs: 2, LossPercent: 1, BandwidthMbps: 100, QueuePackets: 50);

        var after = before.Changed(delayMs: 5, jitterMs: null, lossPercent: null, bandwidthMbps: 10, queuePackets: null);

        Assert.Equal(before with { DelayMs = 5, BandwidthMbps = 10 }, after);
        Assert.Empty(after.Problems());
        Assert.Equal(["jitter_ms"], before.Changed(1, null, null, null, null).Problems().Select(p => p.Field));
    }

    [Fact]
    public void A_link_is_found_by_its_ends_written_either_way_round()
    {
        var topology = SampleTopologies.Line();
        var last = topology.Links.Count - 1;
        var (a, b) = (topology.Links[last].A, topology.Links[last].B);

        Assert.Equal(last, topology.LinkIndex(a, b));
        Assert.Equal(last, topology.LinkIndex(b, a));
        Assert.Null(topology.LinkIndex(a, a));
    }
}
