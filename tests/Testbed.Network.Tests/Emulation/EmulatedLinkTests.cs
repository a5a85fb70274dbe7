using System.Net;
using System.Net.Sockets;
using Testbed.Lab.Linux;
using Testbed.Lab.Runs;
using Testbed.Network.Calibration;
using Testbed.Network.Emulation;
using Testbed.TestSupport;
using Testbed.Workload.Timing;
using Xunit.Abstractions;

namespace Testbed.Network.Tests.Emulation;

/// <summary>The user-space link emulator between two real namespaces, measured with the system's ping.</summary>
public sealed class EmulatedLinkTests(ITestOutputHelper output) : ScratchRootTest
{
    private static readonly IPAddress AddressA = IPAddress.Parse("172.16.0.1");
    private static readonly IPAddress AddressB = IPAddress.Parse("172.16.0.2");

    private async Task<(RunDirectory Run, EmulatedLink Link, string NetnsA, string NetnsB)> StartAsync(LinkShape shape)
    {
        var run = RunDirectory.Create(Scratch.Root, "link");
        var netnsA = UniqueName.Next("tbla");
        var netnsB = UniqueName.Next("tblb");
        await run.CreateNamespaceAsync(netnsA);
        await run.CreateNamespaceAsync(netnsB);
        var link = EmulatedLink.Start("a-b", "a-eth0", netnsA, "b-eth0", netnsB, shape, seed: 1);
        await IpRoute.AddAddressAsync("a-eth0", $"{AddressA}/30", netnsA);
        await IpRoute.AddAddressAsync("b-eth0", $"{AddressB}/30", netnsB);
        await IpRoute.SetUpAsync("a-eth0", netnsA);
        await IpRoute.SetUpAsync("b-eth0", netnsB);
        return (run, link, netnsA, netnsB);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(50)]
    public async Task The_round_trip_is_twice_the_delay_and_not_much_more(double delayMs)
    {
        var (run, link, netnsA, _) = await StartAsync(new LinkShape(delayMs));
        try
        {
            var rtts = await PingProbe.RoundTripsMsAsync(netnsA, AddressB, 20, TimeSpan.FromMilliseconds(20));

            Assert.True(rtts.Count >= 18, $"only {rtts.Count} of 20 echoes answered");
            var median = rtts.Order().ElementAt(rtts.Count / 2);
            output.WriteLine($"delay {delayMs} ms: RTTs {string.Join(' ', rtts)}; a>b {link.CountersAToB}");
            Assert.InRange(median, 2 * delayMs, TimingBound.CeilingMs(2 * delayMs));

            // No frame left earlier than the emulator's stated allowance before it was due.
            foreach (var counters in (LinkCounters[])[link.CountersAToB, link.CountersBToA])
            {
                Assert.NotNull(counters.EarliestNs);
                Assert.True(counters.EarliestNs >= -PreciseTimer.EarlyAllowance.TotalNanoseconds, $"a frame left {-counters.EarliestNs / 1000.0} µs early");
            }
        }
        finally
        {
            link.Dispose();
            await run.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_50_Mbit_link_measures_within_10_percent_with_iperf3()
    {
        var (run, link, netnsA, netnsB) = await StartAsync(new LinkShape(5, BandwidthMbps: 50));
        try
        {
            var bitsPerSecond = await IperfProbe.ThroughputBitsPerSecondAsync(run, netnsB, AddressB, netnsA, TimeSpan.FromSeconds(3));

            output.WriteLine($"iperf3: {bitsPerSecond / 1e6:0.0} Mbit/s; a>b {link.CountersAToB}");
            Assert.InRange(bitsPerSecond / 50e6, 0.9, 1.1);
        }
        finally
        {
            link.Dispose();
            await run.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_1_Gbit_link_carries_tcp_within_5_percent_of_its_rate()
    {
        const double rateMbps = 1000;
        var (run, link, netnsA, netnsB) = await StartAsync(new LinkShape(2, BandwidthMbps: rateMbps));
        try
        {
            var bitsPerSecond = await IperfProbe.ThroughputBitsPerSecondAsync(run, netnsB, AddressB, netnsA, TimeSpan.FromSeconds(4), omittedSeconds: 1);

            // iperf3 counts TCP payload; the link's rate counts whole frames, each carrying an
            // MSS of 1448 bytes behind 66 bytes of Ethernet, IP and TCP (with timestamps).
            const double payloadShare = 1448.0 / (1448 + 66);
            output.WriteLine($"iperf3 TCP: {bitsPerSecond / 1e6:0.0} Mbit/s of payload; a>b {link.CountersAToB}");
            Assert.InRange(bitsPerSecond / (rateMbps * 1e6 * payloadShare), 0.95, 1.05);
        }
        finally
        {
            link.Dispose();
            await run.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_fidelity_seconds_flag_a_link_starved_of_cpu_and_not_a_healthy_one()
    {
        const double delayMs = 1;
        var toleranceUs = LinkCalibration.DelayToleranceMsFor(delayMs) * 1000;
        var (run, link, netnsA, _) = await StartAsync(new LinkShape(delayMs));
        try
        {
            await PingProbe.RoundTripsMsAsync(netnsA, AddressB, 150, TimeSpan.FromMilliseconds(10));
            var healthy = link.TakeSeconds();
            output.WriteLine("healthy: " + string.Join("; ", healthy));
            Assert.NotEmpty(healthy);
            Assert.All(healthy, second => Assert.False(second.LateP50Us > toleranceUs || second.WakeDelayUs > toleranceUs, $"{second} is off-spec on a healthy link"));

            // The emulator's thread shares one core with a real-time busy loop for two seconds,
            // while echoes cross the link.
            var echoes = PingProbe.RoundTripsMsAsync(netnsA, AddressB, 300, TimeSpan.FromMilliseconds(10));
            await CpuStarvation.OfEmulatorAsync(run, TimeSpan.FromSeconds(2));
            await echoes;
            var starved = link.TakeSeconds();
            output.WriteLine("starved: " + string.Join("; ", starved));
            Assert.Contains(starved, second => second.LateP50Us > toleranceUs || second.WakeDelayUs > toleranceUs);
        }
        finally
        {
            link.Dispose();
            await run.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_link_taken_down_drops_everything_and_carries_again_once_up()
    {
        var (run, link, netnsA, _) = await StartAsync(new LinkShape(2));
        try
        {
            Assert.NotEmpty(await PingProbe.RoundTripsMsAsync(netnsA, AddressB, 3, TimeSpan.FromMilliseconds(20)));

            link.SetUp(false);
            var whileDown = await PingProbe.RoundTripsMsAsync(netnsA, AddressB, 5, TimeSpan.FromMilliseconds(20));
            link.SetUp(true);
            var afterwards = await PingProbe.RoundTripsMsAsync(netnsA, AddressB, 5, TimeSpan.FromMilliseconds(20));

            Assert.Empty(whileDown);
            Assert.True(link.CountersAToB.Dropped >= 5, link.CountersAToB.ToString());
            Assert.Equal(5, afterwards.Count);
            // No echo can beat the delay; one late wake-up on a busy machine may exceed it, so the bound is on the median.
            Assert.All(afterwards, rtt => Assert.True(rtt >= 4, $"{rtt} ms is under the 4 ms the link must add"));
            Assert.InRange(afterwards.Order().ElementAt(afterwards.Count / 2), 4, TimingBound.CeilingMs(4));
        }
        finally
        {
            link.Dispose();
            await run.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_counters_count_frames_and_bytes_as_a_wire_would_each_offloaded_segment_with_its_headers()
    {
        const int Payload = 4 << 20;
        const int TcpFrameHeaders = 14 + 20 + 32; // Ethernet, IPv4, TCP with timestamps
        var (run, link, netnsA, netnsB) = await StartAsync(new LinkShape(1));
        try
        {
            using var listener = NamespaceSockets.Create(netnsB, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(AddressB, 0));
            listener.Listen();
            var before = link.CountersAToB;
            using (var sender = NamespaceSockets.Create(netnsA, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                await sender.ConnectAsync(listener.LocalEndPoint!);
                using var receiver = await listener.AcceptAsync();
                var receiving = ReceiveAllAsync(receiver);
                await sender.SendAsync(new byte[Payload]);
                sender.Shutdown(SocketShutdown.Send);
                Assert.Equal(Payload, await receiving.WaitAsync(TimeSpan.FromSeconds(60)));
            }

            var after = link.CountersAToB;
            var frames = after.DeliveredWireFrames - before.DeliveredWireFrames;
            var bytes = after.DeliveredBytes - before.DeliveredBytes;
            var writes = after.Delivered - before.Delivered;
            output.WriteLine($"a>b: {writes} writes, {frames} wire frames, {bytes} wire bytes for {Payload} bytes of payload");

            // Segments of at most an MSS each, so at least this many frames, each with its headers:
            // what is left is the payload, the SYN's options, and the few frames of the namespaces'
            // own (an ARP request, IPv6 neighbour discovery on interfaces just up), each of which
            // may be as small as an ARP frame, 24 bytes under a TCP frame's headers. Counted as the
            // offloaded frames came, with one set of headers each, it would fall short by a header
            // a segment, 190 KB.
            const int ArpFrame = 14 + 28;
            var dataFrames = (Payload + 1447) / 1448;
            Assert.True(frames >= dataFrames, $"{frames} wire frames for {Payload} bytes");
            var others = frames - dataFrames;
            Assert.InRange(bytes - (frames * TcpFrameHeaders), Payload - (others * (TcpFrameHeaders - ArpFrame)), Payload + 4096);
            Assert.True(writes <= frames, $"{writes} writes, more than the {frames} frames they carried");
        }
        finally
        {
            link.Dispose();
            await run.DisposeAsync();
        }
    }

    private static async Task<long> ReceiveAllAsync(Socket socket)
    {
        var buffer = new byte[1 << 16];
        long received = 0;
        int read;
        while ((read = await socket.ReceiveAsync(buffer)) > 0)
        {
            received += read;
        }

        return received;
    }
}
