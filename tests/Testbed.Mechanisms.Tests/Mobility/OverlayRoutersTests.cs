using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Testbed.Lab.Linux;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.Topology;
using Testbed.Network.Calibration;
using Testbed.Network.Wan;
using Testbed.Overlay.Control;
using Testbed.Overlay.DataPlane;
using Testbed.Mechanisms.Mobility;
using Testbed.Overlay.Table;
using Testbed.TestSupport;
using Xunit.Abstractions;

namespace Testbed.Mechanisms.Tests.Mobility;

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

    /// <summary>The router process forwards every packet here (no kernel fast path): these counters are its own.</summary>
    [Fact]
    public async Task Users_reach_the_service_through_the_nearest_ingress_and_the_counters_show_the_tunnel()
    {
        var run = RunDirectory.Create(Scratch.Root, "overlay");
        try
        {
            await using var wan = await WanNetwork.BuildAsync(run, ReferenceTopologies.TwoRegions());
            await using var routers = await OverlayRouters.StartAsync(run, wan, kernelFastPath: false);
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
    public async Task A_router_answers_heartbeats_from_its_peers_only()
    {
        var run = RunDirectory.Create(Scratch.Root, "peers-only");
        try
        {
            await using var wan = await WanNetwork.BuildAsync(run, ReferenceTopologies.TwoRegions());
            await using var routers = await OverlayRouters.StartAsync(run, wan);
            var router = new IPEndPoint(wan.Plan.Loopback("dc1"), RouterConfiguration.DefaultPort);

            // A user site, which routes to dc1's underlay address, is stopped by the namespace's
            // firewall: the router's socket never sees it.
            var before = (await routers.Client("dc1").CountersAsync()).Totals["drop_not_peer"];
            Assert.False(await HeartbeatAnsweredAsync(wan.Node("near1").Namespace, null, router));
            Assert.Equal(before, (await routers.Client("dc1").CountersAsync()).Totals["drop_not_peer"]);

            // The peer's own address, from another port than its router's, passes the firewall and reaches the socket, which refuses it.
            Assert.False(await HeartbeatAnsweredAsync(wan.Node("dc2").Namespace, wan.Plan.Loopback("dc2"), router));
            Assert.Equal(before + 1, (await routers.Client("dc1").CountersAsync()).Totals["drop_not_peer"]);

            // The routers themselves still measure each other.
            Assert.InRange((await routers.Client("dc2").PeersAsync())["dc1"], 0.0, 1000.0);
        }
        finally
        {
            await run.DisposeAsync();
        }
    }

    /// <summary>Sends one heartbeat from a socket in <paramref name="netns"/> (bound to <paramref name="from"/> when given) and waits a second for its reply.</summary>
    private static async Task<bool> HeartbeatAnsweredAsync(string netns, IPAddress? from, IPEndPoint router)
    {
        using var socket = NamespaceSockets.Create(netns, AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(from ?? IPAddress.Any, 0));
        var heartbeat = new byte[OverlayHeader.Size + sizeof(long)];
        new OverlayHeader(OverlayKind.Heartbeat, 0, 1).Write(heartbeat);
        await socket.SendToAsync(heartbeat, router);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await socket.ReceiveAsync(new byte[64], patience.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Bulk_tcp_arrives_intact_whole_through_the_local_router_and_segmented_through_the_tunnel()
    {
        var run = RunDirectory.Create(Scratch.Root, "bulk");
        try
        {
            await using var wan = await WanNetwork.BuildAsync(run, ReferenceTopologies.TwoRegions());
            await using var routers = await OverlayRouters.StartAsync(run, wan, kernelFastPath: false);
            await ServeFromHostAsync(wan, routers, "dc1");

            // near1's packets enter dc1's router and are delivered there; near2's enter dc2's
            // and leave through the tunnel, one datagram per segment.
            using var listener = Listen(wan, "dc1");
            foreach (var site in (string[])["near1", "near2"])
            {
                await SendAndHashAsync(wan, listener, site);
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

    [Fact]
    public async Task A_settled_service_is_carried_by_the_kernel_and_bulk_tcp_arrives_intact_through_its_tunnel()
    {
        var run = RunDirectory.Create(Scratch.Root, "fastpath");
        try
        {
            await using var wan = await WanNetwork.BuildAsync(run, ReferenceTopologies.TwoRegions());
            await using var routers = await OverlayRouters.StartAsync(run, wan);
            await ServeFromHostAsync(wan, routers, "dc1");
            Assert.Equal($"{Service} via {wan.Plan.Loopback("dc1")} dev {RouterConfiguration.DefaultVxlanName}", await KernelRouteAsync(wan, "dc2"));
            Assert.Equal($"throw {Service}", await KernelRouteAsync(wan, "dc1"));

            var far = await RoundTripsAsync(wan, "near2");
            var near = await RoundTripsAsync(wan, "near1");
            output.WriteLine($"median RTT to {Service} at dc1 through the kernel: from near2 {Median(far):0.00} ms, from near1 {Median(near):0.00} ms");
            Assert.True(far.Count >= 18 && near.Count >= 18, $"{far.Count} and {near.Count} of 20 echoes answered");

            // The same paths as through the router process: 24 ms there through the tunnel and 22 back; 2 and 2 from near1.
            Assert.InRange(Median(far), 46, 46 + 5);
            Assert.InRange(Median(near), 4, 4 + 3);
            using (var listener = Listen(wan, "dc1"))
            {
                await SendAndHashAsync(wan, listener, "near2");
            }


            var ingress = await routers.Client("dc2").CountersAsync();
            var home = await routers.Client("dc1").CountersAsync();
            output.WriteLine($"dc2: {JsonSerializer.Serialize(ingress.Totals)}");
            output.WriteLine($"dc1: {JsonSerializer.Serialize(home.Totals)}");
            Assert.True(ingress.Totals["kernel_tunnelled"] >= far.Count, $"dc2's kernel tunnelled {ingress.Totals["kernel_tunnelled"]}");
            Assert.True(home.Totals["kernel_from_tunnel"] >= far.Count, $"dc1's kernel took {home.Totals["kernel_from_tunnel"]} out of the tunnel");
            Assert.True(ingress.Totals["kernel_tunnelled_bytes"] >= BulkBytes, $"dc2's kernel tunnelled {ingress.Totals["kernel_tunnelled_bytes"]} bytes of the {BulkBytes} sent");

            // Not one packet woke either router process.
            Assert.Equal(0, ingress.Totals["from_users"] + home.Totals["from_users"] + ingress.Totals["from_tunnel"] + home.Totals["from_tunnel"]);
            Assert.Empty(ingress.Flows);
        }
        finally
        {
            await run.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_switch_over_takes_the_service_from_the_kernel_at_prepare_and_gives_it_back_once_the_commit_has_settled()
    {
        var run = RunDirectory.Create(Scratch.Root, "fastpath-move");
        try
        {
            await using var wan = await WanNetwork.BuildAsync(run, ReferenceTopologies.TwoRegions());
            await using var routers = await OverlayRouters.StartAsync(run, wan);
            var atHome = await ServeFromHostAsync(wan, routers, "dc1");
            var moved = atHome with { Epoch = 2, DataCenters = ["dc2"], Mac = await AddServiceAddressAsync(wan, "dc2") };

            foreach (var router in routers.Clients)
            {
                await router.PrepareAsync(moved);
            }

            // Prepared: every packet of the service goes through the router processes, which still send it to dc1.
            Assert.Null(await KernelRouteAsync(wan, "dc1"));
            Assert.Null(await KernelRouteAsync(wan, "dc2"));
            var prepared = await RoundTripsAsync(wan, "near2", 5);
            Assert.True(prepared.Count >= 4, $"{prepared.Count} of 5 echoes answered while prepared");
            Assert.True((await routers.Client("dc2").CountersAsync()).Totals["tunnelled"] >= prepared.Count);

            foreach (var router in routers.Clients)
            {
                await router.CommitAsync(Service, moved.Epoch);
            }

            Assert.Equal($"throw {Service}", await KernelRouteWhenAsync(wan, "dc2", r => r is not null));
            Assert.Equal($"{Service} via {wan.Plan.Loopback("dc2")} dev {RouterConfiguration.DefaultVxlanName}", await KernelRouteWhenAsync(wan, "dc1", r => r is not null));

            var ingress = await routers.Client("dc1").CountersAsync();
            var host = await routers.Client("dc2").CountersAsync();
            var near = await RoundTripsAsync(wan, "near2");
            var far = await RoundTripsAsync(wan, "near1");
            output.WriteLine($"after the move, median RTT from near2 {Median(near):0.00} ms, from near1 {Median(far):0.00} ms");
            Assert.True(near.Count >= 18 && far.Count >= 18, $"{near.Count} and {far.Count} of 20 echoes answered");
            Assert.InRange(Median(near), 4, 4 + 3);
            Assert.InRange(Median(far), 46, 46 + 5);

            // The kernel carried them: the router processes' counters did not move.
            var ingressAfter = await routers.Client("dc1").CountersAsync();
            var hostAfter = await routers.Client("dc2").CountersAsync();
            Assert.Equal(ingress.Totals["from_users"] + host.Totals["from_users"], ingressAfter.Totals["from_users"] + hostAfter.Totals["from_users"]);
            Assert.True(ingressAfter.Totals["kernel_tunnelled"] - ingress.Totals["kernel_tunnelled"] >= far.Count);
        }
        finally
        {
            await run.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_connection_the_kernel_carried_keeps_its_replica_when_a_nearer_one_is_added()
    {
        var run = RunDirectory.Create(Scratch.Root, "fastpath-replica");
        try
        {
            await using var wan = await WanNetwork.BuildAsync(run, ReferenceTopologies.TwoRegions());
            await using var routers = await OverlayRouters.StartAsync(run, wan);

            // No MAC: the replicas' hosts answer ARP each on its own LAN.
            await AddServiceAddressAsync(wan, "dc1");
            await AddServiceAddressAsync(wan, "dc2");
            foreach (var router in routers.Clients)
            {
                await router.ReplaceAsync(new LocationEntry(Service, 1, ["dc1"]));
            }

            using var atHome = Listen(wan, "dc1");
            using var atReplica = Listen(wan, "dc2");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            using var early = await ConnectAsync(wan, "near2", timeout.Token);
            using var servedAtHome = await atHome.AcceptAsync(timeout.Token);
            await EchoAsync(early, servedAtHome, timeout.Token);
            Assert.NotNull(await KernelRouteAsync(wan, "dc2"));

            foreach (var router in routers.Clients)
            {
                await router.AddReplicaAsync(Service, "dc2", 2);
            }

            Assert.Null(await KernelRouteAsync(wan, "dc2"));
            using var late = await ConnectAsync(wan, "near2", timeout.Token);
            using var servedAtReplica = await atReplica.AcceptAsync(timeout.Token);
            await EchoAsync(late, servedAtReplica, timeout.Token);

            // Had dc2's router sent it to its own replica, dc2's host would have reset it.
            await EchoAsync(early, servedAtHome, timeout.Token);
            var flows = (await routers.Client("dc2").CountersAsync()).Flows;
            output.WriteLine(JsonSerializer.Serialize(flows));
            var port = (ushort)((IPEndPoint)early.LocalEndPoint!).Port;
            Assert.Equal("dc1", Assert.Single(flows, f => f.SourcePort == port).DataCenter);
            Assert.Equal("dc2", Assert.Single(flows, f => f.SourcePort == (ushort)((IPEndPoint)late.LocalEndPoint!).Port).DataCenter);
        }
        finally
        {
            await run.DisposeAsync();
        }
    }

    /// <summary>Sends <see cref="BulkBytes"/> from the site to the listener, which must answer with their SHA-256.</summary>
    private static async Task SendAndHashAsync(WanNetwork wan, Socket listener, string site)
    {
        var payload = new byte[BulkBytes];
        new Random(site.Length).NextBytes(payload);
        var served = ServeOneHashAsync(listener);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var client = await ConnectAsync(wan, site, timeout.Token);
        await client.SendAsync(payload, SocketFlags.None, timeout.Token);
        client.Shutdown(SocketShutdown.Send);
        var answer = new byte[SHA256.HashSizeInBytes];
        await ReadExactlyAsync(client, answer, timeout.Token);
        Assert.Equal(SHA256.HashData(payload), answer);
        Assert.Equal(BulkBytes, await served);
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
        var entry = new LocationEntry(Service, epoch, [dataCenter], await AddServiceAddressAsync(wan, dataCenter));
        foreach (var router in routers.Clients)
        {
            await router.ReplaceAsync(entry);
        }

        return entry;
    }

    /// <summary>Puts the service address on the bridge of the data center's first host; returns the bridge's MAC.</summary>
    private static async Task<string?> AddServiceAddressAsync(WanNetwork wan, string dataCenter)
    {
        var host = wan.Node(WanNetwork.HostName(dataCenter, 0)).Namespace;
        await CommandRunner.RunCheckedAsync("ip", ["-n", host, "addr", "add", $"{Service}/32", "dev", WanNetwork.HostBridge]);
        var link = await CommandRunner.RunCheckedAsync("ip", ["-n", host, "-j", "link", "show", WanNetwork.HostBridge]);
        return JsonDocument.Parse(link.StandardOutput).RootElement[0].GetProperty("address").GetString();
    }

    /// <summary>The service's own route in the data center router's table, as `ip route` prints it; null when there is none.</summary>
    private static async Task<string?> KernelRouteAsync(WanNetwork wan, string dataCenter)
    {
        var table = RouterConfiguration.DefaultRoutingTable.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var shown = await CommandRunner.RunCheckedAsync("ip", ["-n", wan.Node(dataCenter).Namespace, "route", "show", "table", table, $"{Service}/32"]);
        var route = string.Join(' ', shown.StandardOutput.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)).Replace(" onlink", "", StringComparison.Ordinal);
        return route.Length == 0 ? null : route;
    }

    /// <summary>The route once <paramref name="wanted"/> holds for it: the router installs it a settling delay after a commit, off the commit's path.</summary>
    private static async Task<string?> KernelRouteWhenAsync(WanNetwork wan, string dataCenter, Func<string?, bool> wanted)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var route = await KernelRouteAsync(wan, dataCenter);
            if (wanted(route) || waited.Elapsed > KernelFastPath.SettleDelay * 20)
            {
                return route;
            }

            await Task.Delay(KernelFastPath.SettleDelay / 10);
        }
    }

    private static Socket Listen(WanNetwork wan, string dataCenter)
    {
        var listener = NamespaceSockets.Create(wan.Node(WanNetwork.HostName(dataCenter, 0)).Namespace, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Parse(Service), BulkPort));
        listener.Listen();
        return listener;
    }

    private static async Task<Socket> ConnectAsync(WanNetwork wan, string site, CancellationToken cancellationToken)
    {
        var client = NamespaceSockets.Create(wan.Node(site).Namespace, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await client.ConnectAsync(new IPEndPoint(IPAddress.Parse(Service), BulkPort), cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The client sends a few bytes, the server sends them back, the client must read them all.</summary>
    private static async Task EchoAsync(Socket client, Socket server, CancellationToken cancellationToken)
    {
        var sent = RandomNumberGenerator.GetBytes(16);
        await client.SendAsync(sent, SocketFlags.None, cancellationToken);
        var buffer = new byte[sent.Length];
        await ReadExactlyAsync(server, buffer, cancellationToken);
        await server.SendAsync(buffer, SocketFlags.None, cancellationToken);
        var answer = new byte[sent.Length];
        await ReadExactlyAsync(client, answer, cancellationToken);
        Assert.Equal(sent, answer);
    }

    private static async Task ReadExactlyAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellationToken);
            Assert.True(n > 0, $"the connection closed after {read} of {buffer.Length} bytes");
            read += n;
        }
    }

    private static async Task<IReadOnlyList<double>> RoundTripsAsync(WanNetwork wan, string site, int count = 20) =>
        await PingProbe.RoundTripsMsAsync(wan.Node(site).Namespace, IPAddress.Parse(Service), count, TimeSpan.FromMilliseconds(20));

    private static double Median(IReadOnlyList<double> values) => values.Order().ElementAt(values.Count / 2);
}
