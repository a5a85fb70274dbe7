using System.Net;
using System.Net.Sockets;
using Testbed.Lab.Linux;
using Testbed.Lab.Runs;
using Testbed.Mechanisms.Guests;
using Testbed.Topology;
using Testbed.Network.Calibration;
using Testbed.Network.Wan;
using Testbed.Overlay.Control;
using Testbed.Mechanisms.Mobility;
using Testbed.Overlay.Table;
using Testbed.Qemu.Migration;
using Testbed.TestSupport;
using Testbed.Workload.Probing;
using Testbed.Topology.Routing;
using Testbed.Workload.Protocol;
using Testbed.Workload.Records;
using Xunit.Abstractions;

namespace Testbed.Mechanisms.Tests.Guests;

/// <summary>A real guest (TCG) migrated between two data centers of an emulated WAN, behind real smart routers.</summary>
public sealed class OverlayMigrationTests(GuestImageFixture images, ITestOutputHelper output) : ScratchRootTest, IClassFixture<GuestImageFixture>
{
    private static readonly GuestSpec Guest = new("vm1", IPAddress.Parse("10.0.0.2"), "52:54:00:00:00:02", MemoryMib: 96);

    /// <summary>near2 -> r2 -> dc2, tunnel dc2 -> r2 -> r1 -> dc1 (24 ms), and back dc1 -> r1 -> r2 -> near2 (22 ms), in the reference topology.</summary>
    private const double TunnelledRoundTripMs = 24 + 22;

    [Fact]
    public async Task Under_the_overlay_a_busy_connection_survives_a_migration_and_the_guest_counter_continues()
    {
        // On a host whose firewall is as a stock dockerd leaves it: nothing of the WAN may depend on it.
        await using var firewall = await DockerLikeFirewall.ApplyAsync();
        var run = RunDirectory.Create(Scratch.Root, "overlay-migration");
        try
        {
            await using var wan = await WanNetwork.BuildAsync(run, ReferenceTopologies.TwoRegions());
            await using var routers = await OverlayRouters.StartAsync(run, wan);
            await using var source = await WanGuest.StartAsync(run, wan, images.Image, Guest, "dc1");
            await using var destination = await WanGuest.StartAsync(run, wan, images.Image, Guest, "dc2", incoming: true);
            var home = new LocationEntry(Guest.Address.ToString(), 1, ["dc1"], Guest.Mac);
            foreach (var router in routers.Clients)
            {
                await router.ReplaceAsync(home);
            }

            // The system's ping reaches the guest through the tunnel, unmodified.
            Assert.Equal(5, (await PingProbe.RoundTripsMsAsync(wan.Node("near2").Namespace, Guest.Address, 5, TimeSpan.FromMilliseconds(20))).Count);

            // near2 enters at dc2 and is tunnelled to dc1 before; after, dc2 delivers locally.
            using var connection = new ServiceConnection(await ConnectAsync(wan, "near2"));
            var first = await connection.RequestAsync();
            using var stop = new CancellationTokenSource();
            var busy = RequestContinuouslyAsync(connection, stop.Token);
            using var probe2 = new UdpProber(ProbeSocket(wan, "near2"), TimeSpan.FromMilliseconds(5));
            using var probe1 = new UdpProber(ProbeSocket(wan, "near1"), TimeSpan.FromMilliseconds(5));
            probe1.Start();
            probe2.Start();

            using var tap = GuestTapWatch.Start(wan, Guest, "dc2");
            var switchover = await TwoPhaseSwitchover.PrepareAsync(routers.Clients, home with { Epoch = 2, DataCenters = ["dc2"] });
            var uri = WanGuest.MigrationUri(wan, "dc2");
            var record = await LiveMigration.RunAsync(source, destination, uri, uri, new MigrationSettings(), switchover.CommitAsync);
            var resume = record.Timeline.DestinationResume!.Value;
            Assert.True(await probe1.WaitForAnswerAfterAsync(resume, TimeSpan.FromSeconds(30)));
            Assert.True(await probe2.WaitForAnswerAfterAsync(resume, TimeSpan.FromSeconds(30)));
            var replies = await StopAsync(stop, busy);
            var (samples1, samples2) = (probe1.Stop(), probe2.Stop());

            // The connection lived through it, and the guest's count went on without a gap.
            Assert.True(record.Succeeded);
            // Busy throughout: one request after another, each a round trip of the tunnelled
            // path, for at least as long as the migration took; half of that is a generous floor.
            var floor = Math.Max(1, (int)(record.QemuTotalMs!.Value / TunnelledRoundTripMs / 2));
            Assert.True(replies.Count >= floor, $"only {replies.Count} requests during a {record.QemuTotalMs} ms migration (at least {floor})");
            Assert.All(replies, r => Assert.Equal("vm1", r.ServedBy));
            Assert.Equal(Enumerable.Range(1, replies.Count).Select(i => first.Count + i), replies.Select(r => r.Count));
            Assert.Equal(new ServiceReply("vm1", first.Count + replies.Count + 1), await connection.RequestAsync());

            // The routers switched inside the pause, every one acknowledged, and dc2 now serves near2 locally.
            var times = switchover.Times;
            Assert.Equal(["dc1", "dc2"], times.CommitAcknowledged.Keys.Order());
            Assert.InRange(times.Committed!.Value, record.Timeline.PreSwitchover!.Value, record.Timeline.SwitchoverDone!.Value);
            Assert.All((await Task.WhenAll(routers.Clients.Select(c => c.TableAsync()))).Select(t => t.Single()), e => Assert.Equal(["dc2"], e.DataCenters));
            var ingress = await routers.Client("dc2").CountersAsync();
            Assert.True(ingress.Totals["delivered_locally"] > 0 && ingress.Totals["tunnelled"] > 0);

            // The network's part of convergence: the path delivered to the destination before the
            // guest ran (the switch is inside the pause), so what remains is the guest waking up.
            var split = tap.Split(record.Timeline);
            output.WriteLine($"at dc2's tap: path ready {split.PathReadyMs:0.0} ms after RESUME, the guest's first frame {split.GuestFirstFrameMs:0.0} ms after");
            Assert.NotNull(split.PathReadyMs);
            Assert.True(split.PathReadyMs <= 0, $"the path reached dc2 {split.PathReadyMs:0.0} ms after RESUME, not before");
            Assert.NotNull(split.GuestFirstFrameMs);

            foreach (var (site, samples, oneWayMs) in new[] { ("near1", samples1, 22.0), ("near2", samples2, 0.0) })
            {
                var gap = ProbeGap.Spanning(samples, resume);
                Assert.NotNull(gap);
                var convergence = (gap.FirstAnswerAfter - resume).TotalMilliseconds;
                output.WriteLine($"{site}: client downtime {gap.Duration.TotalMilliseconds:0} ms, convergence {convergence:0.0} ms (goal {oneWayMs + 10:0} ms); " +
                    $"qemu downtime {record.QemuDowntimeMs} ms, restore {record.RestoreMs:0} ms, commit {times.CommitMs:0.0} ms, prepare {times.PrepareMs:0.0} ms");
                Assert.True(gap.Duration < TimeSpan.FromSeconds(10), $"{site} saw a gap of {gap.Duration}");
            }
        }
        finally
        {
            await run.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_destination_killed_after_the_commit_and_before_resume_leaves_the_service_at_its_source_under_a_newer_epoch()
    {
        var run = RunDirectory.Create(Scratch.Root, "overlay-commit-abort");
        try
        {
            await using var wan = await WanNetwork.BuildAsync(run, ReferenceTopologies.TwoRegions());
            await using var mechanism = await OverlayMechanism.StartAsync(MechanismKind.Overlay, run, wan, "dc1", new ServiceDirectory(TimeSpan.FromSeconds(1)));
            await using var source = await WanGuest.StartAsync(run, wan, images.Image, Guest, "dc1");
            await using var destination = await WanGuest.StartAsync(run, wan, images.Image, Guest, "dc2", incoming: true);
            await mechanism.PlaceAsync(Guest, "dc1");
            var placed = Assert.Single(await mechanism.Routers.Client("dc1").TableAsync());

            var failure = await Assert.ThrowsAsync<MigrationFailedException>(() => MobileMigration.RunAsync(
                new KillingAfterCommit(mechanism, destination), wan, Guest, source, destination, "dc1", "dc2", new MigrationSettings()));

            // The routers had committed dc2; each now holds dc1 again, under an epoch newer than the commit's.
            output.WriteLine($"migration {failure.Record.Outcome}: {failure.Record.Error}");
            Assert.Equal(MigrationOutcome.Failed, failure.Record.Outcome);
            Assert.True(destination.Process.HasExited);
            Assert.All(await Task.WhenAll(mechanism.Routers.Clients.Select(c => c.TableAsync())), table =>
            {
                var entry = Assert.Single(table);
                Assert.Equal(["dc1"], entry.DataCenters);
                Assert.Equal(placed.Epoch + 2, entry.Epoch);
            });

            // The source runs again and users reach it.
            Assert.True((await source.Qmp.QueryStatusAsync()).Running);
            Assert.True((await PingProbe.RoundTripsMsAsync(wan.Node("near2").Namespace, Guest.Address, 5, TimeSpan.FromMilliseconds(20))).Count >= 4);
        }
        finally
        {
            await run.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_a_replica_at_dc2_a_new_flow_from_near2_is_served_there_while_an_older_flow_stays_on_its_replica()
    {
        var run = RunDirectory.Create(Scratch.Root, "overlay-replica");
        try
        {
            await using var wan = await WanNetwork.BuildAsync(run, ReferenceTopologies.TwoRegions());
            await using var routers = await OverlayRouters.StartAsync(run, wan);
            await using var original = await WanGuest.StartAsync(run, wan, images.Image, Guest, "dc1");
            await using var replica = await WanGuest.StartAsync(run, wan, images.Image, Guest, "dc2", incoming: true);
            var service = Guest.Address.ToString();
            foreach (var router in routers.Clients)
            {
                await router.ReplaceAsync(new LocationEntry(service, 1, ["dc1"], Guest.Mac));
            }

            using var older = new ServiceConnection(await ConnectAsync(wan, "near2"));
            Assert.Equal("vm1", (await older.RequestAsync()).ServedBy);

            var uri = WanGuest.MigrationUri(wan, "dc2");
            await LiveMigration.ReplicateAsync(original, replica, uri, uri, new MigrationSettings());
            foreach (var router in routers.Clients)
            {
                await router.AddReplicaAsync(service, "dc2", 2);
            }

            // The replica takes its own name, through a new flow, which the nearest replica serves.
            using (var naming = new ServiceConnection(await ConnectAsync(wan, "near2")))
            {
                Assert.Equal(ControlLine.Ok, await naming.SendAsync(ControlLine.SetName("vm1-dc2")));
            }

            using var newer = new ServiceConnection(await ConnectAsync(wan, "near2"));
            var fromNewer = await newer.RequestAsync();
            var fromOlder = await older.RequestAsync();
            using var nearOne = new ServiceConnection(await ConnectAsync(wan, "near1"));
            var fromNearOne = await nearOne.RequestAsync();
            output.WriteLine($"new flow from near2: {fromNewer}; older flow from near2: {fromOlder}; new flow from near1: {fromNearOne}");

            Assert.Equal("vm1-dc2", fromNewer.ServedBy);
            Assert.Equal(new ServiceReply("vm1", 2), fromOlder);
            Assert.Equal("vm1", fromNearOne.ServedBy);
            var flows = (await routers.Client("dc2").CountersAsync()).Flows.Where(f => f.DestinationPort == ServicePorts.RequestResponse).ToList();
            Assert.Equal(["dc1", "dc2", "dc2"], flows.Select(f => f.DataCenter).Order());
        }
        finally
        {
            await run.DisposeAsync();
        }
    }

    private static async Task<Socket> ConnectAsync(WanNetwork wan, string site)
    {
        var socket = wan.UserSocket(site, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(Guest.Address, ServicePorts.RequestResponse)).WaitAsync(TimeSpan.FromSeconds(30));
        return socket;
    }

    private static Socket ProbeSocket(WanNetwork wan, string site)
    {
        var socket = wan.UserSocket(site, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(new IPEndPoint(Guest.Address, ServicePorts.ProbeEcho));
        return socket;
    }

    /// <summary>One request after another on the same connection until stopped; every reply, in order.</summary>
    private static Task<List<ServiceReply>> RequestContinuouslyAsync(ServiceConnection connection, CancellationToken stop) => Task.Run(async () =>
    {
        var replies = new List<ServiceReply>();
        while (!stop.IsCancellationRequested)
        {
            replies.Add(await connection.RequestAsync());
        }

        return replies;
    });

    private static async Task<List<ServiceReply>> StopAsync(CancellationTokenSource stop, Task<List<ServiceReply>> busy)
    {
        await stop.CancelAsync();
        return await busy;
    }
}
