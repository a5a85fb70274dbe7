using System.Net;
using System.Net.Sockets;
using Testbed.Lab.Linux;
using Testbed.Lab.Runs;
using Testbed.Mechanisms.Guests;
using Testbed.Mechanisms.Mobility;
using Testbed.Network.Calibration;
using Testbed.Network.Wan;
using Testbed.Qemu.Migration;
using Testbed.TestSupport;
using Testbed.Topology;
using Testbed.Topology.Routing;
using Testbed.Workload.Probing;
using Testbed.Workload.Protocol;
using Xunit.Abstractions;

namespace Testbed.Mechanisms.Tests.Mobility;

/// <summary>
/// Each baseline on the two-region WAN with a real guest (TCG) migrated from dc1 to dc2,
/// seen by a user near dc2: the traffic is carried before and after, on the path the
/// mechanism implies, and under readdress the connection that breaks is counted.
/// </summary>
public sealed class BaselineMechanismTests(GuestImageFixture images, ITestOutputHelper output) : ScratchRootTest, IClassFixture<GuestImageFixture>
{
    private static readonly GuestSpec Guest = new("vm1", IPAddress.Parse("10.0.0.2"), "52:54:00:00:00:02", MemoryMib: 96);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(5);

    /// <param name="pathRttMs">
    /// The round trip near2 → VM at dc2 along the mechanism's path (1 ms access links, 20 ms
    /// between regions): home-tunnel enters at dc1 and is tunnelled on, the reply comes back
    /// direct (22 + 22 + 2); l2-stretch goes through the home gateway both ways (4 × 22);
    /// readdress goes straight to dc2 (2 + 2).
    /// </param>
    [Theory]
    [InlineData("home-tunnel", 46.0, true)]
    [InlineData("l2-stretch", 88.0, true)]
    [InlineData("readdress", 4.0, false)]
    public async Task Each_baseline_carries_a_user_s_traffic_across_a_migration(string mechanismName, double pathRttMs, bool keepsConnections)
    {
        var run = RunDirectory.Create(Scratch.Root, mechanismName);
        try
        {
            await using var wan = await WanNetwork.BuildAsync(run, ReferenceTopologies.TwoRegions());
            await using var mechanism = await MobilityMechanisms.StartAsync(MechanismNames.Parse(mechanismName), run, wan, "dc1", Ttl);
            var atHome = mechanism.AddressingAt(Guest, "dc1");
            await using var source = await WanGuest.StartAsync(run, wan, images.Image, Guest, "dc1", addressing: atHome);
            await using var destination = await WanGuest.StartAsync(run, wan, images.Image, Guest, "dc2", incoming: true, addressing: atHome);
            await mechanism.PlaceAsync(Guest, "dc1");
            var resolver = mechanism.Directory.Resolver();
            var near2 = wan.Node("near2").Namespace;

            // Before: the system's ping and a plain TCP client reach the guest.
            Assert.Equal(5, (await PingProbe.RoundTripsMsAsync(near2, resolver.Resolve(Guest.Name), 5, TimeSpan.FromMilliseconds(20))).Count);
            using var older = new ServiceConnection(await ConnectAsync(wan, "near2", resolver.Resolve(Guest.Name)));
            var first = await older.RequestAsync();

            // A prober that resolves the name at every probe, as a client that follows the directory would.
            using var probeSocket = wan.UserSocket("near2", SocketType.Dgram, ProtocolType.Udp);
            using var probe = new UdpProber(probeSocket, () => new IPEndPoint(resolver.Resolve(Guest.Name), ServicePorts.ProbeEcho), ProbeInterval);
            probe.Start();
            var (record, move, observed) = await MobileMigration.RunAsync(mechanism, wan, Guest, source, destination, "dc1", "dc2", new MigrationSettings());
            var resume = record.Timeline.DestinationResume!.Value;
            Assert.True(await probe.WaitForAnswerAfterAsync(resume, TimeSpan.FromSeconds(30)), "no probe was answered after the move");
            var gap = ProbeGap.Spanning(probe.Stop(), resume);
            Assert.NotNull(gap);

            // The connection open across the move lives on, or breaks and is counted.
            var broken = 0;
            try
            {
                Assert.Equal(new ServiceReply("vm1", first.Count + 1), await older.RequestAsync(TimeSpan.FromSeconds(5)));
            }
            catch (Exception failure) when (failure is TimeoutException or IOException or SocketException)
            {
                broken++;
            }

            // A new connection to whatever the resolver says now reaches the same guest, its count going on.
            var now = resolver.Resolve(Guest.Name);
            using var newer = new ServiceConnection(await ConnectAsync(wan, "near2", now));
            var reply = await newer.RequestAsync();
            var rtts = await PingProbe.RoundTripsMsAsync(near2, now, 5, TimeSpan.FromMilliseconds(20));
            var medianRtt = rtts.Order().ElementAt(rtts.Count / 2);
            var split = observed.Convergence;
            var timeline = record.Timeline;
            var inFlight = (observed.LastByte - timeline.SourceCompleted)?.TotalMilliseconds;
            var load = (timeline.DestinationResume - observed.LastByte)?.TotalMilliseconds;
            var answersInFlight = (gap.LastAnswerBefore - timeline.SourceStop!.Value).TotalMilliseconds;
            var convergence = (gap.FirstAnswerAfter - resume).TotalMilliseconds;
            var parts = record.QemuDowntimeMs!.Value + record.RestoreMs!.Value + convergence - answersInFlight;
            output.WriteLine($"{mechanismName}: in flight {inFlight:0.0} ms + load {load:0.0} ms = restore {record.RestoreMs:0.0} ms; " +
                $"QEMU downtime {record.QemuDowntimeMs} + restore + convergence {convergence:0.0} - answers in flight {answersInFlight:0.0} = {parts:0.0} ms " +
                $"against client downtime {gap.Duration.TotalMilliseconds:0.0} ms; buffers {observed.Buffers}");
            output.WriteLine($"{mechanismName}: client downtime {gap.Duration.TotalMilliseconds:0} ms (convergence {(gap.FirstAnswerAfter - resume).TotalMilliseconds:0} ms: " +
                $"path ready {split.PathReadyMs:0} ms, guest's first frame {split.GuestFirstFrameMs:0} ms), " +
                $"qemu downtime {record.QemuDowntimeMs} ms, restore {record.RestoreMs:0} ms, broken connections {broken}, address {atHome.Address} -> {now}, " +
                $"RTT after {medianRtt:0.0} ms; steps: {string.Join(", ", move.Steps.Select(s => $"{s.Step} {(s.At - resume).TotalMilliseconds:0} ms after resume"))}");

            Assert.Equal(keepsConnections ? 0 : 1, broken);
            Assert.Equal("vm1", reply.ServedBy);
            Assert.Equal(first.Count + (keepsConnections ? 2 : 1), reply.Count);
            Assert.Equal(keepsConnections, now.Equals(atHome.Address));
            Assert.Equal(5, rtts.Count);
            Assert.NotNull(split.GuestFirstFrameMs);
            Assert.NotNull(split.PathReadyMs);

            // The downtime's parts add up: the stream's last byte splits restore, and QEMU's own
            // downtime, restore and convergence, less the answers still on their way at the
            // stop, make the user's silence, to within a probe interval.
            Assert.NotNull(inFlight);
            Assert.InRange(inFlight!.Value, 0, record.RestoreMs!.Value);
            Assert.Equal(record.RestoreMs!.Value, inFlight.Value + load!.Value, 6);
            Assert.InRange(parts - gap.Duration.TotalMilliseconds, -ProbeInterval.TotalMilliseconds, ProbeInterval.TotalMilliseconds);
            Assert.NotNull(observed.Buffers.SendBufferBytes);
            Assert.NotNull(observed.Buffers.ReceiveBufferBytes);
            Assert.InRange(medianRtt, pathRttMs, pathRttMs + 20);
        }
        finally
        {
            await run.DisposeAsync();
        }
    }

    private static async Task<Socket> ConnectAsync(WanNetwork wan, string site, IPAddress service)
    {
        var socket = wan.UserSocket(site, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(service, ServicePorts.RequestResponse)).WaitAsync(TimeSpan.FromSeconds(30));
        return socket;
    }
}
