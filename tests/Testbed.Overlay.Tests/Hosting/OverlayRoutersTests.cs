using System.Net;
using System.Text.Json;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.Network.Topology;
using Testbed.Network.Calibration;
using Testbed.Network.Wan;
using Testbed.Overlay.Control;
using Testbed.Overlay.Hosting;
using Testbed.Overlay.Table;
using Testbed.TestSupport;
using Xunit.Abstractions;

namespace Testbed.Overlay.Tests.Hosting;

/// <summary>
/// Real testbed-router processes on a real emulated WAN. The service here is an address
/// on a data center host's own bridge, which answers like a VM would at the IP level; the
/// VM tests boot QEMU.
/// </summary>
public sealed class OverlayRoutersTests(ITestOutputHelper output) : ScratchRootTest
{
    private const string Service = "10.0.0.2";

    [Fact]
    public async Task Users_reach_the_service_through_the_nearest_ingress_and_the_counters_show_the_tunnel()
    {
        var run = RunDirectory.Create(Scratch.Root, "overlay");
        try
        {
            await using var wan = await WanNetwork.BuildAsync(run, ReferenceTopologies.TwoRegions());
            await using var routers = await OverlayRouters.StartAsync(run, wan);
            var entry = await ServeFromHostAsync(wan, "dc1");
            foreach (var router in routers.Clients)
            {
                await router.ReplaceAsync(entry);
            }

            var far = await RoundTripsAsync(wan, "near2");
            var near = await RoundTripsAsync(wan, "near1");
            output.WriteLine($"median RTT to {Service} at dc1: from near2 (via dc2's router) {Median(far):0.00} ms, from near1 {Median(near):0.00} ms");
            Assert.True(far.Count >= 18 && near.Count >= 18, $"{far.Count} and {near.Count} of 20 echoes answered");

            // near2 -> r2 -> dc2, tunnel dc2 -> r2 -> r1 -> dc1: 24 ms; the reply dc1 -> r1 -> r2 -> near2: 22 ms.
            Assert.InRange(Median(far), 46, 46 + 5);
            Assert.InRange(Median(near), 4, 4 + 3);

            var ingress = await routers.Client("dc2").CountersAsync();
            var home = await routers.Client("dc1").CountersAsync();
            output.WriteLine(JsonSerializer.Serialize(ingress));
            Assert.True(ingress.Totals["tunnelled"] >= far.Count, $"dc2 tunnelled {ingress.Totals["tunnelled"]}");
            Assert.True(home.Totals["from_tunnel"] >= far.Count);
            Assert.True(home.Totals["delivered_locally"] >= far.Count + near.Count);
            var flow = Assert.Single(ingress.Flows, f => f.Destination == Service);
            Assert.Equal("dc1", flow.DataCenter);
            Assert.Equal(wan.Plan.UserSite("near2").Clients.ToString(), flow.Source);
            Assert.Equal(0, ingress.Totals["drop_no_entry"]);
            var peers = await routers.Client("dc2").PeersAsync();
            Assert.InRange(peers["dc1"], 44, 44 + 5);
        }
        finally
        {
            await run.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_stale_epoch_is_refused_and_a_restarted_router_reloaded_from_a_peer_forwards_again()
    {
        var run = RunDirectory.Create(Scratch.Root, "restart");
        try
        {
            await using var wan = await WanNetwork.BuildAsync(run, ReferenceTopologies.TwoRegions());
            await using var routers = await OverlayRouters.StartAsync(run, wan);
            var entry = await ServeFromHostAsync(wan, "dc1") with { Epoch = 5 };
            foreach (var router in routers.Clients)
            {
                await router.ReplaceAsync(entry);
            }

            var stale = await Assert.ThrowsAsync<RouterRefusedException>(() => routers.Client("dc2").ReplaceAsync(entry with { Epoch = 4, DataCenters = ["dc2"] }));
            output.WriteLine(stale.Message);
            Assert.Equal("stale", stale.Response.Outcome);
            Assert.Equal(["dc1"], (await routers.Client("dc2").TableAsync()).Single().DataCenters);
            Assert.Equal(20, (await RoundTripsAsync(wan, "near2")).Count);

            var restarted = await routers.RestartAsync("dc2");
            Assert.Empty(await restarted.TableAsync());
            Assert.Empty(await RoundTripsAsync(wan, "near2", 5));
            Assert.True((await restarted.CountersAsync()).Totals["drop_no_entry"] > 0);

            await restarted.LoadAsync(await routers.Client("dc1").TableAsync());
            Assert.Equal([entry], await restarted.TableAsync());
            Assert.Equal(20, (await RoundTripsAsync(wan, "near2")).Count);
        }
        finally
        {
            await run.DisposeAsync();
        }
    }

    /// <summary>Puts the service address on the bridge of the data center's first host; returns its entry.</summary>
    private static async Task<LocationEntry> ServeFromHostAsync(WanNetwork wan, string dataCenter)
    {
        var host = wan.Node(WanNetwork.HostName(dataCenter, 0)).Namespace;
        await CommandRunner.RunCheckedAsync("ip", ["-n", host, "addr", "add", $"{Service}/32", "dev", WanNetwork.HostBridge]);
        var link = await CommandRunner.RunCheckedAsync("ip", ["-n", host, "-j", "link", "show", WanNetwork.HostBridge]);
        var mac = JsonDocument.Parse(link.StandardOutput).RootElement[0].GetProperty("address").GetString();
        return new LocationEntry(Service, 1, [dataCenter], mac);
    }

    private static async Task<IReadOnlyList<double>> RoundTripsAsync(WanNetwork wan, string site, int count = 20) =>
        await PingProbe.RoundTripsMsAsync(wan.Node(site).Namespace, IPAddress.Parse(Service), count, TimeSpan.FromMilliseconds(20));

    private static double Median(IReadOnlyList<double> values) => values.Order().ElementAt(values.Count / 2);
}
