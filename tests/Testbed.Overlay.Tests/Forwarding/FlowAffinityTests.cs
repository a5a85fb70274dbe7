using System.Diagnostics;
using Testbed.Overlay.Forwarding;
using Testbed.Overlay.Table;

namespace Testbed.Overlay.Tests.Forwarding;

public sealed class FlowAffinityTests
{
    private static readonly FlowKey Old = new(0x0ac80001, 0x0a000002, FlowKey.Tcp, 40000, 7000);
    private static readonly FlowKey New = Old with { SourcePort = 40001 };

    [Fact]
    public void A_new_replica_takes_new_flows_while_an_old_flow_stays_where_it_was()
    {
        var latencies = new PeerLatencies();
        latencies.Sample("dc1", 40);
        latencies.Sample("dc2", 2);
        var affinity = new FlowAffinity(new ReplicaChooser("edge", latencies), TimeSpan.FromSeconds(30));
        var now = Stopwatch.GetTimestamp();

        Assert.Equal("dc1", affinity.Route(Old, new LocationEntry("10.0.0.2", 1, ["dc1"]), 100, now));
        var replicated = new LocationEntry("10.0.0.2", 2, ["dc1", "dc2"]);
        Assert.Equal("dc1", affinity.Route(Old, replicated, 100, now));
        Assert.Equal("dc2", affinity.Route(New, replicated, 100, now));

        // The old flow's replica is dropped: it moves, as it must.
        Assert.Equal("dc2", affinity.Route(Old, new LocationEntry("10.0.0.2", 3, ["dc2"]), 100, now));
    }

    [Fact]
    public void A_flow_idle_past_the_timeout_is_chosen_again_and_swept()
    {
        var latencies = new PeerLatencies();
        latencies.Sample("dc1", 40);
        latencies.Sample("dc2", 2);
        var affinity = new FlowAffinity(new ReplicaChooser("edge", latencies), TimeSpan.FromSeconds(1));
        var start = Stopwatch.GetTimestamp();
        var later = start + (2 * Stopwatch.Frequency);

        Assert.Equal("dc1", affinity.Route(Old, new LocationEntry("10.0.0.2", 1, ["dc1"]), 100, start));
        Assert.Equal(1, affinity.Sweep(later));
        Assert.Equal(0, affinity.Count);
        Assert.Equal("dc2", affinity.Route(Old, new LocationEntry("10.0.0.2", 2, ["dc1", "dc2"]), 100, later));
    }

    [Fact]
    public void The_local_replica_wins_and_an_unmeasured_peer_counts_as_farthest()
    {
        var latencies = new PeerLatencies();
        latencies.Sample("dc3", 50);
        Assert.Equal("dc2", new ReplicaChooser("dc2", latencies).Choose(new LocationEntry("10.0.0.2", 1, ["dc1", "dc2"])));
        Assert.Equal("dc3", new ReplicaChooser("edge", latencies).Choose(new LocationEntry("10.0.0.2", 1, ["dc1", "dc3"])));
    }

    [Fact]
    public void Round_trips_are_smoothed_so_one_late_heartbeat_does_not_move_flows()
    {
        var latencies = new PeerLatencies();
        latencies.Sample("dc1", 10);
        latencies.Sample("dc1", 90);
        Assert.Equal(20, latencies.RoundTripMs("dc1")!.Value, 6);
    }
}
