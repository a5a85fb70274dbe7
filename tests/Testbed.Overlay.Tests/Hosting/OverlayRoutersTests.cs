using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Testbed.Lab.Linux;
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
    private const int BulkPort = 7100;

    /// <summary>Enough for slow start to open the window to whole super-packets on the 46 ms path.</summary>
    private const int BulkBytes = 8 << 20;

    [Fact]
    public async Task Users_reach_the_service_through_the_nearest_ingress_and_the_counters_show_the_tunnel()
    {
        var run = RunDirectory.Create(Scratch.Root, "overlay");
        try
        {
            await using var wan = await WanNetwork.BuildAsync(run, ReferenceTopologies.TwoRegions());
            await using var routers = await OverlayRouters.StartAsync(run, wan);
            await ServeFromHostAsync(wan, routers, "dc1");

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
            var entry = await ServeFromHostAsync(wan, routers, "dc1", epoch: 5);

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

    [Fact]
    public async Task Bulk_tcp_arrives_intact_whole_through_the_local_router_and_segmented_through_the_tunnel()
    {
        var run = RunDirectory.Create(Scratch.Root, "bulk");
        try
        {
            await using var wan = await WanNetwork.BuildAsync(run, ReferenceTopologies.TwoRegions());
            await using var routers = await OverlayRouters.StartAsync(run, wan);
            await ServeFromHostAsync(wan, routers, "dc1");

            // near1's packets enter dc1's router and are delivered there; near2's enter dc2's
            // and leave through the tunnel, one datagram per segment.
            using var listener = NamespaceSockets.Create(wan.Node(WanNetwork.HostName("dc1", 0)).Namespace, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Parse(Service), BulkPort));
            listener.Listen();
            foreach (var site in (string[])["near1", "near2"])
            {
                var payload = new byte[BulkBytes];
                new Random(site.Length).NextBytes(payload);
                var served = ServeOneHashAsync(listener);
                using var client = NamespaceSockets.Create(wan.Node(site).Namespace, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await client.ConnectAsync(new IPEndPoint(IPAddress.Parse(Service), BulkPort), timeout.Token);
                await client.SendAsync(payload, SocketFlags.None, timeout.Token);
                client.Shutdown(SocketShutdown.Send);
                var answer = new byte[SHA256.HashSizeInBytes];
                var read = 0;
                while (read < answer.Length && await client.ReceiveAsync(answer.AsMemory(read), SocketFlags.None, timeout.Token) is > 0 and var n)
                {
                    read += n;
                }

                Assert.Equal(SHA256.HashData(payload), answer);
                Assert.Equal(BulkBytes, await served);
            }

            var home = await routers.Client("dc1").CountersAsync();
            var ingress = await routers.Client("dc2").CountersAsync();
            output.WriteLine($"dc1: {JsonSerializer.Serialize(home.Totals)}");
            output.WriteLine($"dc2: {JsonSerializer.Serialize(ingress.Totals)}");

            // At least one MSS-sized segment per 1500 bytes; offload shows as super-packets.
            var segments = BulkBytes / 1500;
            Assert.True(ingress.Totals["tunnelled"] >= segments, $"dc2 tunnelled {ingress.Totals["tunnelled"]} segments");
            Assert.True(home.Totals["delivered_locally"] >= 2 * segments, $"dc1 delivered {home.Totals["delivered_locally"]}");
            Assert.True(ingress.Totals["super_packets_from_users"] > 0 && home.Totals["super_packets_from_users"] > 0, "no super-packet came through a TUN: the offload path went untested");
            Assert.Equal(0, ingress.Totals["drop_malformed"] + home.Totals["drop_malformed"] + ingress.Totals["drop_send_failed"] + home.Totals["drop_send_failed"]);
        }
        finally
        {
            await run.DisposeAsync();
        }
    }

    /// <summary>Accepts one connection, reads it to its end, answers with the SHA-256 of what came; returns the byte count.</summary>
    private static async Task<int> ServeOneHashAsync(Socket listener)
    {
        using var connection = await listener.AcceptAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[65536];
        var total = 0;
        while (await connection.ReceiveAsync(buffer, SocketFlags.None) is > 0 and var n)
        {
            hash.AppendData(buffer, 0, n);
            total += n;
        }

        await connection.SendAsync(hash.GetHashAndReset(), SocketFlags.None);
        connection.Shutdown(SocketShutdown.Send);
        return total;
    }

    /// <summary>Puts the service address on the bridge of the data center's first host, and its entry in every router's table; returns the entry.</summary>
    private static async Task<LocationEntry> ServeFromHostAsync(WanNetwork wan, OverlayRouters routers, string dataCenter, long epoch = 1)
    {
        var host = wan.Node(WanNetwork.HostName(dataCenter, 0)).Namespace;
        await CommandRunner.RunCheckedAsync("ip", ["-n", host, "addr", "add", $"{Service}/32", "dev", WanNetwork.HostBridge]);
        var link = await CommandRunner.RunCheckedAsync("ip", ["-n", host, "-j", "link", "show", WanNetwork.HostBridge]);
        var mac = JsonDocument.Parse(link.StandardOutput).RootElement[0].GetProperty("address").GetString();
        var entry = new LocationEntry(Service, epoch, [dataCenter], mac);
        foreach (var router in routers.Clients)
        {
            await router.ReplaceAsync(entry);
        }

        return entry;
    }

    private static async Task<IReadOnlyList<double>> RoundTripsAsync(WanNetwork wan, string site, int count = 20) =>
        await PingProbe.RoundTripsMsAsync(wan.Node(site).Namespace, IPAddress.Parse(Service), count, TimeSpan.FromMilliseconds(20));

    private static double Median(IReadOnlyList<double> values) => values.Order().ElementAt(values.Count / 2);
}
