using System.Net;
using Testbed.Control.Cluster;
using Testbed.Experiments.Files;
using Testbed.Experiments.Model;
using Testbed.TestSupport;
using Testbed.Topology.Partitioning;

namespace Testbed.Control.Tests.Cluster;

public sealed class ClusterPlanTests
{
    private static readonly ClusterConfig TwoHosts = new("lab", "Host=/tmp;Username=x", 11111, 30000,
        [new ClusterHost("h1", IPAddress.Parse("192.0.2.1")), new ClusterHost("h2", IPAddress.Parse("192.0.2.2"))]);

    private static readonly Dictionary<string, string> NoPins = [];

    private static Experiment Load(string file) => ExperimentLoader.Load(RepositoryRoot.Combine("experiments", file));

    [Fact]
    public void User_sites_stay_on_the_coordinator_where_the_clients_run()
    {
        var experiment = Load("paper/follow-the-users.yaml");

        var plan = ClusterPlan.For(experiment, TwoHosts, NoPins, "run-1");

        Assert.All(experiment.Topology.UserSites, s => Assert.Equal(TwoHosts.Coordinator.Name, plan.NodeHosts[s.Name]));
    }

    [Fact]
    public void Under_a_policy_that_moves_services_every_data_center_weighs_its_vcpus_so_three_are_split_over_two_hosts()
    {
        var experiment = Load("paper/follow-the-users.yaml");
        var vcpus = experiment.Services.Sum(s => s.Vcpus);

        var plan = ClusterPlan.For(experiment, TwoHosts, NoPins, "run-1");

        Assert.Equal(experiment.Topology.DataCenters.Count * vcpus, plan.Partition.LoadOf.Values.Sum());
        Assert.Equal(2, experiment.Topology.DataCenters.Select(d => plan.NodeHosts[d.Name]).Distinct().Count());
    }

    [Fact]
    public void A_link_with_a_bandwidth_is_never_cut_while_pins_leave_a_choice()
    {
        var experiment = Load("paper/follow-the-users.yaml");
        var limited = experiment.Topology.Links.Select((l, i) => (l, i)).Where(x => x.l.Properties.BandwidthMbps is not null).Select(x => x.i).ToList();
        Assert.NotEmpty(limited);

        var plan = ClusterPlan.For(experiment, TwoHosts, new Dictionary<string, string> { ["dc3"] = "h2" }, "run-1");

        Assert.Empty(plan.Partition.CutLinks.Intersect(limited));
        Assert.Equal("h2", plan.NodeHosts["dc3"]);
    }

    [Fact]
    public void Pins_that_force_a_rate_limited_link_across_hosts_are_refused_naming_the_link()
    {
        var experiment = Load("paper/follow-the-users.yaml");

        var refused = Assert.Throws<PartitionException>(() =>
            ClusterPlan.For(experiment, TwoHosts, new Dictionary<string, string> { ["r1"] = "h1", ["r2"] = "h2" }, "run-1"));

        Assert.Contains("r1-r2", refused.Message, StringComparison.Ordinal);
        Assert.Contains("pin both ends to one host", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_a_scripted_policy_only_the_start_and_the_timeline_s_destinations_weigh()
    {
        var experiment = Load("examples/one-move.yaml");
        var weighed = experiment.Services.Select(s => s.DataCenter)
            .Concat(experiment.Timeline.OfType<MigrateService>().Select(m => m.To)).Distinct().Count();

        var plan = ClusterPlan.For(experiment, TwoHosts, new Dictionary<string, string> { ["dc2"] = "h2" }, "run-1");

        Assert.Equal(weighed * experiment.Services.Single().Vcpus, plan.Partition.LoadOf.Values.Sum());
        Assert.Equal("h2", plan.NodeHosts["dc2"]);
        Assert.Equal(["h1", "h2"], plan.HostsUsed(TwoHosts));
    }

    [Fact]
    public void A_user_site_pinned_away_from_the_coordinator_or_a_pin_to_an_unknown_host_is_refused()
    {
        var experiment = Load("examples/one-move.yaml");

        Assert.Contains("user sites stay on the coordinator",
            Assert.Throws<PartitionException>(() => ClusterPlan.For(experiment, TwoHosts, new Dictionary<string, string> { ["near2"] = "h2" }, "r")).Message,
            StringComparison.Ordinal);
        Assert.Contains("not a host of the cluster",
            Assert.Throws<PartitionException>(() => ClusterPlan.For(experiment, TwoHosts, new Dictionary<string, string> { ["dc2"] = "h9" }, "r")).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_run_gets_the_same_plan_and_its_tunnels_identifiers_fit_vxlan_with_room_for_a_thousand_links()
    {
        var experiment = Load("paper/follow-the-users.yaml");

        var first = ClusterPlan.For(experiment, TwoHosts, NoPins, "20261207-081600-e0dc");
        var again = ClusterPlan.For(experiment, TwoHosts, NoPins, "20261207-081600-e0dc");

        Assert.Equal(first.NodeHosts.OrderBy(p => p.Key), again.NodeHosts.OrderBy(p => p.Key));
        Assert.Equal(first.VniBase, again.VniBase);
        Assert.InRange(first.VniBase, 1, Testbed.Network.Wan.HostTunnel.MaxVni - 1000);
    }
}
