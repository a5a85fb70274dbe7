using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Testbed.Topology.Addressing;
using Testbed.Lab.Linux;
using Testbed.Overlay.Counters;
using Testbed.Overlay.Forwarding;
using Testbed.Overlay.Table;
using Testbed.Workload.Timing;

namespace Testbed.Overlay.DataPlane;

/// <summary>
/// One data center's smart router, running in that router's namespace. Users' packets for
/// a service arrive from the kernel through the TUN; each goes to the replica its flow is
/// pinned to: back into the kernel (and onto the LAN) when the VM is here, otherwise
/// through a UDP tunnel to the peer router of its data center, which delivers it to its
/// LAN. Heartbeats between the routers measure the overlay's round trips, which choose
/// among replicas. Replies leave the VM by plain routing: only the way in is tunnelled.
/// </summary>
public sealed class SmartRouter : IDisposable
{
    /// <summary>A 64 KiB super-packet and the virtio-net header in front of it.</summary>
    private const int BufferSize = VnetHeader.Size + 65536;

    /// <summary>
    /// A buffer holds its packet here, behind the virtio-net header the TUN reads and writes.
    /// A tunnel datagram is the packet behind an overlay header, which therefore begins at
    /// <see cref="DatagramStart"/>: neither way needs a copy.
    /// </summary>
    private const int PacketStart = VnetHeader.Size;
    private const int DatagramStart = PacketStart - OverlayHeader.Size;
    private const int PollMs = 100;

    private readonly RouterConfiguration _configuration;
    /// <summary>Each peer's socket address, serialised once: a datagram per packet must not allocate one.</summary>
    private readonly Dictionary<string, SocketAddress> _peers;
    private readonly Dictionary<SocketAddress, string> _peerNames;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Thread> _threads = [];
    private TapDevice? _tun;
    private Socket? _socket;

    public SmartRouter(RouterConfiguration configuration)
    {
        _configuration = configuration;
        _peers = configuration.Peers.ToDictionary(p => p.Name, p => new IPEndPoint(IPAddress.Parse(p.Address), configuration.Port).Serialize(), StringComparer.Ordinal);
        _peerNames = _peers.ToDictionary(p => p.Value, p => p.Key);
        Latencies = new PeerLatencies();
        Affinity = new FlowAffinity(new ReplicaChooser(configuration.Name, Latencies), TimeSpan.FromSeconds(configuration.FlowIdleSeconds));
    }

    public string Name => _configuration.Name;

    public RouterConfiguration Configuration => _configuration;

    public LocationTable Table { get; } = new();

    public PeerLatencies Latencies { get; }

    public FlowAffinity Affinity { get; }

    public TrafficCounters Counters { get; } = new();

    /// <summary>The kernel's share of the forwarding, when the configuration turns it on and the router has started.</summary>
    internal KernelFastPath? FastPath { get; private set; }

    /// <summary>Creates the TUN, binds the tunnel socket, sets up policy routing (and the kernel fast path), and starts forwarding.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _tun = TapDevice.OpenTunWithOffloads(_configuration.TunName, null);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Parse(_configuration.UnderlayAddress), _configuration.Port));
        _socket.ReceiveTimeout = PollMs;
        if (_configuration.KernelFastPath)
        {
            FastPath = await KernelFastPath.SetUpAsync(_configuration, cancellationToken);

            // A commit inside a migration's pause schedules this; run once now on an address no
            // table holds (a no-op), it is compiled before then.
            FastPath.SyncAfterSettling(ScratchService.Address, Table, Affinity);
        }

        await KernelPlumbing.SetUpAsync(_configuration, cancellationToken);
        await PeerFilter.InstallAsync(_configuration, cancellationToken);
        Start("tun", FromUsersLoop);
        Start("tunnel", FromTunnelLoop);
        Start("heartbeat", HeartbeatLoop);
    }

    private void Start(string name, ThreadStart loop)
    {
        var thread = new Thread(loop) { IsBackground = true, Name = $"router-{name}" };
        thread.Start();
        _threads.Add(thread);
    }

    /// <summary>Users' packets, from the kernel's route for the service block.</summary>
    private void FromUsersLoop()
    {
        PreciseTimer.TuneCallingThread();
        var buffer = new byte[BufferSize];
        var segments = new byte[BufferSize];
        while (!_stop.IsCancellationRequested)
        {
            if (!_tun!.WaitReadable(PollMs))
            {
                continue;
            }

            int length;
            while ((length = _tun.Read(buffer)) > PacketStart)
            {
                var packets = PacketsIn(buffer, length - PacketStart);
                Counters.Count(TrafficEvent.FromUsers, Math.Max(1, packets));
                if (packets > 1)
                {
                    Counters.Count(TrafficEvent.SuperPacketsFromUsers);
                }

                Forward(buffer, length - PacketStart, packets, fromTunnel: false, 0, segments);
            }
        }
    }

    /// <summary>Tunnelled packets and heartbeats from the peer routers.</summary>
    private void FromTunnelLoop()
    {
        PreciseTimer.TuneCallingThread();
        var buffer = new byte[BufferSize];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = _socket!.ReceiveFrom(buffer.AsSpan(DatagramStart), SocketFlags.None, from);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.Interrupted)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            // The namespace's firewall takes the overlay's ports from the peers only
            // (PeerFilter); this says so again for whatever reaches the socket another way.
            if (!_peerNames.ContainsKey(from))
            {
                Counters.Count(TrafficEvent.DropNotPeer);
                continue;
            }

            var datagram = buffer.AsSpan(DatagramStart, length);
            switch (OverlayHeader.Read(datagram))
            {
                case { Kind: OverlayKind.Data } header:
                    Counters.Count(TrafficEvent.FromTunnel);

                    // The header read, its bytes become the packet's virtio-net header: one whole,
                    // finished packet, which never needs room to be segmented.
                    buffer.AsSpan(0, PacketStart).Clear();
                    Forward(buffer, length - OverlayHeader.Size, 1, fromTunnel: true, header.HopsLeft, segments: []);
                    break;
                case { Kind: OverlayKind.Heartbeat } header:
                    new OverlayHeader(OverlayKind.HeartbeatReply, 0, header.Sequence).Write(datagram);
                    Send(datagram, from);
                    break;
                case { Kind: OverlayKind.HeartbeatReply } when length >= OverlayHeader.Size + sizeof(long) && _peerNames.TryGetValue(from, out var peer):
                    var sent = BinaryPrimitives.ReadInt64BigEndian(datagram[OverlayHeader.Size..]);
                    Latencies.Sample(peer, Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    break;
                default:
                    Counters.Count(TrafficEvent.DropMalformed);
                    break;
            }
        }
    }

    /// <summary>
    /// Sends the packet at buffer[PacketStart..] where its flow goes. A packet from a tunnel
    /// is delivered here when its service is here (the ingress chose this replica);
    /// otherwise the service left during the switch-over, and the packet goes on while hops
    /// remain. <paramref name="packets"/> is what <see cref="PacketsIn"/> found it stands for;
    /// <paramref name="segments"/> is the calling thread's room for the datagrams of a
    /// super-packet that leaves through the tunnel.
    /// </summary>
    private void Forward(byte[] buffer, int length, int packets, bool fromTunnel, byte hopsLeft, byte[] segments)
    {
        var packet = buffer.AsSpan(PacketStart, length);
        if (packets == 0 || FlowKey.Parse(packet) is not { } flow)
        {
            Counters.Count(TrafficEvent.DropMalformed);
            return;
        }

        var service = Counters.Service(flow.Destination);
        if (Table.Lookup(flow.Destination) is not { } entry)
        {
            Drop(TrafficEvent.DropNoEntry, service);
            return;
        }

        if (fromTunnel && entry.IsHostedAt(Name))
        {
            Deliver(buffer, length, packets, service);
            return;
        }

        if (fromTunnel && hopsLeft == 0)
        {
            Drop(TrafficEvent.DropHopLimit, service);
            return;
        }

        var target = Affinity.Route(flow, entry, length, Stopwatch.GetTimestamp());
        if (target == Name)
        {
            Deliver(buffer, length, packets, service);
            return;
        }

        if (!_peers.TryGetValue(target, out var peer))
        {
            Drop(TrafficEvent.DropNoPeer, service);
            return;
        }

        var header = new OverlayHeader(OverlayKind.Data, fromTunnel ? (byte)(hopsLeft - 1) : OverlayHeader.InitialHops, 0);
        if (!SendThroughTunnel(buffer, length, packets, header, peer, segments))
        {
            Drop(TrafficEvent.DropSendFailed, service);
            return;
        }

        Counters.Count(fromTunnel ? TrafficEvent.Reforwarded : TrafficEvent.Tunnelled, packets);
        service.Count(length, local: false, packets);
    }

    /// <summary>The packets on the wire that the one in the buffer stands for: its segments when it is a super-packet; 0 when it cannot be segmented.</summary>
    private static int PacketsIn(byte[] buffer, int length)
    {
        var vnet = buffer.AsSpan(0, VnetHeader.Size);
        return VnetHeader.GsoType(vnet) == VnetHeader.GsoNone
            ? 1
            : SegmentationOffload.Count(buffer.AsSpan(PacketStart, length), VnetHeader.SegmentSize(vnet));
    }

    /// <summary>
    /// A finished packet leaves as one datagram, with no copy. A super-packet leaves as one
    /// datagram for each of its <paramref name="packets"/> segments, made in
    /// <paramref name="segments"/>; a packet whose checksum the kernel left to the NIC has it
    /// finished first.
    /// </summary>
    private bool SendThroughTunnel(byte[] buffer, int length, int packets, OverlayHeader header, SocketAddress peer, byte[] segments)
    {
        var vnet = buffer.AsSpan(0, VnetHeader.Size);
        var packet = buffer.AsSpan(PacketStart, length);
        if (VnetHeader.GsoType(vnet) != VnetHeader.GsoNone)
        {
            var segmentSize = VnetHeader.SegmentSize(vnet);
            header.Write(segments);
            for (var i = 0; i < packets; i++)
            {
                var segment = SegmentationOffload.WriteSegment(packet, segmentSize, i, segments.AsSpan(OverlayHeader.Size));
                if (!Send(segments.AsSpan(0, OverlayHeader.Size + segment), peer))
                {
                    return false;
                }
            }

            return true;
        }

        if ((VnetHeader.Flags(vnet) & VnetHeader.NeedsChecksum) != 0
            && !SegmentationOffload.CompleteChecksum(packet, VnetHeader.ChecksumStart(vnet), VnetHeader.ChecksumOffset(vnet)))
        {
            return false;
        }

        // Over the virtio-net header, which has been read.
        header.Write(buffer.AsSpan(DatagramStart));
        return Send(buffer.AsSpan(DatagramStart, OverlayHeader.Size + length), peer);
    }

    /// <summary>
    /// Back into the kernel with its virtio-net header, which routes it by the main table onto
    /// the LAN, to the permanent neighbour; a super-packet is segmented (or passed on whole)
    /// by the kernel, as if no router had read it.
    /// </summary>
    private void Deliver(byte[] buffer, int length, int packets, ServiceCounters service)
    {
        if (_tun!.Write(buffer.AsSpan(0, PacketStart + length)))
        {
            Counters.Count(TrafficEvent.DeliveredLocally, packets);
            service.Count(length, local: true, packets);
        }
        else
        {
            Drop(TrafficEvent.DropSendFailed, service);
        }
    }

    private void Drop(TrafficEvent reason, ServiceCounters service)
    {
        Counters.Count(reason);
        service.Drop();
    }

    private bool Send(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        try
        {
            return _socket!.SendTo(datagram, SocketFlags.None, to) == datagram.Length;
        }
        catch (SocketException)
        {
            // A peer not reachable right now (a failed link): counted as a drop, not fatal.
            return false;
        }
    }

    private void HeartbeatLoop()
    {
        var datagram = new byte[OverlayHeader.Size + sizeof(long)];
        uint sequence = 0;
        var interval = TimeSpan.FromMilliseconds(_configuration.HeartbeatMs);
        var lastSweep = Stopwatch.GetTimestamp();
        while (!_stop.Token.WaitHandle.WaitOne(interval))
        {
            sequence++;
            foreach (var peer in _peers.Values)
            {
                new OverlayHeader(OverlayKind.Heartbeat, 0, sequence).Write(datagram);
                BinaryPrimitives.WriteInt64BigEndian(datagram.AsSpan(OverlayHeader.Size), Stopwatch.GetTimestamp());
                Send(datagram, peer);
            }

            if (Stopwatch.GetElapsedTime(lastSweep) > TimeSpan.FromSeconds(1))
            {
                Affinity.Sweep(Stopwatch.GetTimestamp());
                lastSweep = Stopwatch.GetTimestamp();
            }
        }
    }

    /// <summary>Stops forwarding and removes the policy-routing rules and the kernel fast path; the TUN and its route go with <see cref="Dispose"/>.</summary>
    public async Task StopAsync()
    {
        StopThreads();
        await KernelPlumbing.TearDownRulesAsync(_configuration, CancellationToken.None);
        await PeerFilter.RemoveAsync(_configuration, CancellationToken.None);
        if (FastPath is not null)
        {
            await FastPath.TearDownAsync(CancellationToken.None);
        }
    }

    private void StopThreads()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(2));
        }
    }

    public void Dispose()
    {
        StopThreads();
        FastPath?.Dispose();
        _socket?.Dispose();
        _tun?.Dispose();
        _stop.Dispose();
    }
}
