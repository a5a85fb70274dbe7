using System.Net;
using Testbed.Lab.Linux;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.Network.Calibration;
using Testbed.Network.Wan;
using Testbed.TestSupport;
using Testbed.Topology;
using Xunit.Abstractions;

namespace Testbed.Network.Tests.Wan;

/// <summary>
/// One WAN split over two emulated lab machines: each builds its share in real Mininet, and the
/// link between them goes through a real VXLAN tunnel over the hosts' emulated network.
/// </summary>
public sealed class CutLinkTests(ITestOutputHelper output) : ScratchRootTest
{
    [Fact]
    public async Task A_line_split_between_two_hosts_has_the_round_trip_of_its_configured_delays_counted_once_and_carries_full_size_frames()
    {
        var topology = SampleTopologies.Line();
        var onFirst = new HashSet<string>(StringComparer.Ordinal) { "user", "r1" };
        await using var hosts = await EmulatedHosts.CreateAsync(2);
        var nodeHosts = topology.Nodes.ToDictionary(n => n.Name, n => onFirst.Contains(n.Name) ? "h1" : "h2", StringComparer.Ordinal);
        var addresses = hosts.Hosts.ToDictionary(h => h.Name, h => h.Address, StringComparer.Ordinal);
        var vniBase = 1 + Random.Shared.Next(1000) * 1000;
        var firstRun = RunDirectory.Create(Scratch.Root, "cut-h1");
        var secondRun = RunDirectory.Create(Scratch.Root, "cut-h2");
        try
        {
            await using (var first = await WanNetwork.BuildAsync(firstRun, topology, LinkEmulation.Userspace,
                share: new WanShare("h1", nodeHosts, addresses, vniBase) { HostNamespace = hosts.Hosts[0].Namespace }))
            await using (var second = await WanNetwork.BuildAsync(secondRun, topology, LinkEmulation.Userspace,
                share: new WanShare("h2", nodeHosts, addresses, vniBase) { HostNamespace = hosts.Hosts[1].Namespace }))
            {
                var cut = topology.Links.Select((l, i) => (l, i)).Single(x => x.l.A == "r1" && x.l.B == "r2").i;
                Assert.True(first.Owns(cut) && first.IsCut(cut));
                Assert.False(second.Owns(cut));
                Assert.False(first.HasNode("r2"));
                Assert.True(first.UnderlayRoundTripsMs["h2"] > 0);
                output.WriteLine($"hosts' network round trip {first.UnderlayRoundTripsMs["h2"]:0.000} ms; taken off each way: {first.TunnelOneWayMs(cut):0.000} ms");

                // user -> r3 crosses every link but the data center's: each delay once, both ways.
                var expected = 2 * topology.Links.Where(l => l.B != "dc1").Sum(l => topology.DelayMs(l));
                var rtts = await EchoProbe.RoundTripsMsAsync(first.Node("user").Namespace, first.Plan.Loopback("r3"), 1, TimeSpan.FromMilliseconds(10));
                rtts = await EchoProbe.RoundTripsMsAsync(first.Node("user").Namespace, first.Plan.Loopback("r3"), 20, TimeSpan.FromMilliseconds(20));
                Assert.Equal(20, rtts.Count);
                var median = Testbed.Workload.Statistics.NearestRank.Of(rtts, 0.5);
                output.WriteLine($"user -> r3: median {median:0.000} ms against {expected} ms configured");
                Assert.InRange(median, expected - 1, expected + 3);

                // Each host measures the links it owns, the cut one through its tunnel.
                var firstCalibration = await LinkCalibrator.CalibrateAsync(firstRun, first);
                var secondCalibration = await LinkCalibrator.CalibrateAsync(secondRun, second);
                output.WriteLine(LinkCalibrator.Table([.. firstCalibration, .. secondCalibration]));
                Assert.Contains(firstCalibration, c => c.LinkIndex == cut);
                Assert.DoesNotContain(secondCalibration, c => c.LinkIndex == cut);
                Assert.All(firstCalibration.Concat(secondCalibration), c => Assert.True(c.Ok, $"{c.Name}: measured {c.MeasuredDelayMs} ms against {c.ConfiguredDelayMs} ms"));

                // A full-size frame of the WAN, not fragmented, crosses the tunnel.
                var ping = await CommandRunner.RunAsync("ip", ["netns", "exec", first.Node("r1").Namespace, "ping", "-c", "1", "-W", "2", "-M", "do",
                    "-s", (WanNetwork.UnderlayMtu - 28).ToString(System.Globalization.CultureInfo.InvariantCulture), first.Plan.Links[cut].B.ToString()], TimeSpan.FromSeconds(10));
                Assert.True(ping.Succeeded, ping.StandardOutput + ping.StandardError);
            }

            foreach (var (_, netns, _) in hosts.Hosts)
            {
                var links = await IpRoute.LinkNamesAsync(netns);
                Assert.DoesNotContain(links, l => l.StartsWith("tbvx", StringComparison.Ordinal));
            }

            Assert.DoesNotContain(await IpRoute.ListNamespacesAsync(), n => n.EndsWith(".cut", StringComparison.Ordinal));
        }
        finally
        {
            await firstRun.DisposeAsync();
            await secondRun.DisposeAsync();
        }
    }
}
