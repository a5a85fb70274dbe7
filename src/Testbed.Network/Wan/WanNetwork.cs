using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Testbed.Lab.Doctor;
using Testbed.Lab.Linux;
using Testbed.Lab.Runs;
using Testbed.Topology.Addressing;
using Testbed.Network.Calibration;
using Testbed.Network.Emulation;
using Testbed.Network.Mininet;
using Testbed.Network.Netem;
using Testbed.Topology.Routing;
using Testbed.Topology;
using Testbed.Workload.Statistics;

namespace Testbed.Network.Wan;

/// <summary>
/// A topology made real: Mininet nodes for routers, user sites and hypervisor hosts, a
/// Linux bridge per data center LAN, WAN links shaped by netem or the user-space emulator,
/// every address of the plan, and the static routes of the shortest paths. Nothing stays
/// in the root namespace, not even the LAN bridges (each has a namespace of its own), so
/// the host's firewall and br_netfilter never see the testbed's traffic.
///
/// Each data center router's LAN port carries the anycast gateway (the same IP and MAC in
/// every data center) beside its infrastructure address. Each hypervisor host has a bridge
/// `br0` holding its LAN port, to which its VMs' taps are added.
/// </summary>
public sealed class WanNetwork : IAsyncDisposable
{
    /// <summary>The bridge inside each hypervisor host that its VMs' taps join.</summary>
    public const string HostBridge = "br0";

    /// <summary>The MAC of a hypervisor host's <see cref="HostBridge"/>: locally administered, 02:00 and the host's IPv4 address.</summary>
    public static string HostBridgeMac(IPAddress host)
    {
        var bytes = host.GetAddressBytes();
        return string.Create(CultureInfo.InvariantCulture, $"02:00:{bytes[0]:x2}:{bytes[1]:x2}:{bytes[2]:x2}:{bytes[3]:x2}");
    }

    /// <summary>
    /// tcp_notsent_lowat in every hypervisor host's namespace: a socket there holds at most
    /// this much data not yet sent before a write blocks. A migration's sender (QEMU) then
    /// finds out the real rate of its path as it writes, and when it reports completion little
    /// is left to send. With the kernel's default (no limit), the send buffer grew to
    /// tcp_wmem's maximum (16 MiB on our machines) and the stream's tail was still in flight
    /// 80-110 ms after the source had completed, all of it counted as restore. Throughput is
    /// untouched: data sent but not yet acknowledged does not count against it.
    /// </summary>
    public const int HostUnsentLimitBytes = 128 * 1024;

    /// <summary>
    /// The MTU of WAN links: above Ethernet's 1500, as in real data center interconnects,
    /// so that a user's full-size packet still fits once a tunnel (the overlay, VXLAN)
    /// wraps it. Data center LANs, and so the VMs, keep 1500.
    /// </summary>
    public const int UnderlayMtu = 1600;

    private readonly MininetNetwork _mininet;
    private readonly Dictionary<int, EmulatedLink> _emulated;
    private readonly Dictionary<string, WanNode> _nodes;
    private readonly IReadOnlyList<WanLinkPorts> _ports;
    private readonly LinkProperties[] _current;
    private readonly bool[] _up;
    private Dictionary<string, string> _lanPorts = [];
    private int _disposed;

    /// <summary>This host's share of a WAN split over several; null when this host builds it all.</summary>
    public WanShare? Share { get; private set; }

    /// <summary>Whether this host builds <paramref name="node"/> (a topology node, or a hypervisor host "dc/h0").</summary>
    public bool HasNode(string node) => _nodes.ContainsKey(node);

    /// <summary>
    /// Whether this host owns link <paramref name="linkIndex"/>: emulates it, measures it and
    /// changes it. Every link when the WAN is on one host; a link cut between hosts is its A end's.
    /// </summary>
    public bool Owns(int linkIndex) => Share is null || Share.IsLocal(Topology.Links[linkIndex].A);

    private Dictionary<int, double> _tunnelOneWayMs = [];

    /// <summary>The median round trip to each other host over the hosts' own network, measured at build, for the hosts this one has cut links to.</summary>
    public IReadOnlyDictionary<string, double> UnderlayRoundTripsMs { get; private init; } = new Dictionary<string, double>();

    /// <summary>What the tunnel of a cut link adds each way, taken off its emulated delay; 0 for a link on one host.</summary>
    public double TunnelOneWayMs(int linkIndex) => _tunnelOneWayMs.GetValueOrDefault(linkIndex);

    /// <summary>Whether link <paramref name="linkIndex"/> has its ends on two hosts.</summary>
    public bool IsCut(int linkIndex) => Share is { } share && share.NodeHosts[Topology.Links[linkIndex].A] != share.NodeHosts[Topology.Links[linkIndex].B];

    private WanNetwork(WanTopology topology, AddressPlan plan, LinkEmulation emulation, MininetNetwork mininet,
        Dictionary<string, WanNode> nodes, IReadOnlyList<WanLinkPorts> ports, Dictionary<int, EmulatedLink> emulated)
    {
        Topology = topology;
        Plan = plan;
        Emulation = emulation;
        Routes = new RoutePlanner(topology, plan);
        _mininet = mininet;
        _nodes = nodes;
        _ports = ports;
        _emulated = emulated;
        _current = [.. topology.Links.Select(l => l.Properties with { DelayMs = topology.DelayMs(l) })];
        _up = [.. topology.Links.Select(_ => true)];
    }

    public WanTopology Topology { get; }

    public AddressPlan Plan { get; }

    public RoutePlanner Routes { get; }

    /// <summary>Netem or Userspace: what <see cref="LinkEmulation.Auto"/> resolved to.</summary>
    public LinkEmulation Emulation { get; }

    public TimeSpan BuildTime { get; private set; }

    /// <summary>
    /// The largest TCP send and receive buffers the kernel grows a socket's to in the
    /// hypervisor hosts' namespaces (tcp_wmem and tcp_rmem, third field), read once at build:
    /// a namespace takes them from the host when it is made, and nothing here changes them.
    /// Null without hosts, or when the kernel said something else.
    /// </summary>
    public (long? SendBytes, long? ReceiveBytes) HostTcpBufferMaxima { get; private set; }

    public MininetNetwork Mininet => _mininet;

    public IReadOnlyList<WanLinkPorts> LinkPorts => _ports;

    /// <summary>A node by its topology name, or for a hypervisor host "dc/h0".</summary>
    public WanNode Node(string name) => _nodes[name];

    /// <summary>The data center router's interface toward its LAN (gateway address and MAC on it).</summary>
    public string LanPort(string dataCenter) => _lanPorts[dataCenter];

    public static string HostName(string dataCenter, int host) => $"{dataCenter}/h{host}";

    /// <summary>A socket of a user at <paramref name="site"/>: in its namespace, bound to its clients' address (any port).</summary>
    public Socket UserSocket(string site, SocketType type, ProtocolType protocol)
    {
        var socket = NamespaceSockets.Create(Node(site).Namespace, AddressFamily.InterNetwork, type, protocol);
        try
        {
            socket.Bind(new IPEndPoint(Plan.UserSite(site).Clients, 0));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The emulator carrying link <paramref name="linkIndex"/>, for tests that must break a link behind the configuration's back.</summary>
    internal EmulatedLink? EmulatedLinkOf(int linkIndex) => _emulated.GetValueOrDefault(linkIndex);

    /// <summary>
    /// The seconds of every user-space link that have ended since the last call; none under
    /// netem, whose timing is the kernel's.
    /// </summary>
    public IReadOnlyList<LinkSecond> TakeEmulatedSeconds()
    {
        if (_emulated.Count == 0)
        {
            return [];
        }

        // One trip to the emulator's thread closes the ended seconds of every link.
        EmulatorLoop.Shared.CloseEndedSeconds();
        return [.. _emulated.Values.SelectMany(link => link.TakeClosedSeconds())];
    }

    /// <summary>Completes, with the failure, if the link emulator's thread stops; null under netem, which has none.</summary>
    public Task<Exception>? LinkEmulatorStopped => _emulated.Count == 0 ? null : EmulatorLoop.Shared.Stopped;

    /// <summary>What link <paramref name="linkIndex"/> has carried so far away from <paramref name="from"/>, one of its ends; null under netem.</summary>
    public LinkCounters? EmulatedCounters(int linkIndex, string from)
    {
        if (!_emulated.TryGetValue(linkIndex, out var link))
        {
            return null;
        }

        var ends = Topology.Links[linkIndex];
        return from == ends.A ? link.CountersAToB
            : from == ends.B ? link.CountersBToA
            : throw new ArgumentException($"{from} is not an end of link {linkIndex} ({ends.A}-{ends.B})", nameof(from));
    }

    /// <summary>What each direction of every user-space link has done so far; none under netem.</summary>
    public IEnumerable<LinkCounters> EmulatedLinkCounters => _emulated.Values.SelectMany(link => (LinkCounters[])[link.CountersAToB, link.CountersBToA]);

    /// <summary>What link <paramref name="linkIndex"/> is set to now, its delay resolved.</summary>
    public LinkProperties LinkSetting(int linkIndex) => _current[linkIndex];

    public static async Task<WanNetwork> BuildAsync(
        RunDirectory run, WanTopology topology, LinkEmulation emulation = LinkEmulation.Auto, AddressBlocks? blocks = null, int seed = 1,
        WanShare? share = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.StartNew();
        topology.Validated();
        var plan = AddressPlan.For(topology, blocks);
        var chosen = await LinkEmulationChoice.ResolveAsync(emulation, run, cancellationToken);

        // Mininet's names are global during the build (veth pairs start in the root
        // namespace), so concurrent runs need their own: a tag reserved for this run,
        // checked against the interfaces and namespaces the machine has.
        var tag = await run.ReserveTagAsync(() => Base36(Random.Shared.Next(26 * 36 * 36)), TagInUseAsync, cancellationToken);
        var mininet = await MininetNetwork.CreateAsync(run, cancellationToken);
        var emulated = new Dictionary<int, EmulatedLink>();
        try
        {
            var nodes = new Dictionary<string, WanNode>(StringComparer.Ordinal);
            var portCounters = new Dictionary<string, int>(StringComparer.Ordinal);
            string NextPort(WanNode node)
            {
                var port = portCounters.GetValueOrDefault(node.MininetName);
                portCounters[node.MininetName] = port + 1;
                return $"{node.MininetName}-eth{port}";
            }

            bool Local(string node) => share?.IsLocal(node) ?? true;
            var index = 0;
            foreach (var node in topology.Nodes)
            {
                var built = new WanNode(node.Name, $"{tag}n{index++}", $"tb-{tag}-{node.Name}");
                if (!Local(node.Name))
                {
                    continue;
                }

                nodes[node.Name] = built;
                mininet.AddNode(built.MininetName, built.Namespace, router: node.Forwards);
            }

            var lanPorts = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var d = 0; d < topology.DataCenters.Count; d++)
            {
                var dc = topology.DataCenters[d];
                if (!Local(dc.Name))
                {
                    continue;
                }

                var router = nodes[dc.Name];
                var lan = $"{tag}s{d}";
                // ".lan": node names cannot hold a dot, so no node's namespace takes this name.
                mininet.AddSwitch(lan, $"tb-{tag}-{dc.Name}.lan");
                var switchPorts = 1;
                lanPorts[dc.Name] = NextPort(router);
                mininet.AddLink(router.MininetName, lan, lanPorts[dc.Name], $"{lan}-eth{switchPorts++}");
                for (var h = 0; h < dc.Hosts; h++)
                {
                    var host = new WanNode(HostName(dc.Name, h), $"{tag}d{d}h{h}", $"tb-{tag}-{dc.Name}-h{h}");
                    nodes[host.Name] = host;
                    mininet.AddNode(host.MininetName, host.Namespace, router: false);
                    mininet.AddLink(host.MininetName, lan, NextPort(host), $"{lan}-eth{switchPorts++}");
                }
            }

            var ports = new List<WanLinkPorts>();
            var cutSwitches = new Dictionary<int, string>();
            for (var i = 0; i < topology.Links.Count; i++)
            {
                var link = topology.Links[i];
                var shaped = IsShaped(link.Properties);

                // An end on another host has no port here: its host names its own.
                var wanPorts = new WanLinkPorts(i, Local(link.A) ? NextPort(nodes[link.A]) : "", Local(link.B) ? NextPort(nodes[link.B]) : "", shaped);
                ports.Add(wanPorts);
                if (Local(link.A) && Local(link.B))
                {
                    if (!shaped || chosen == LinkEmulation.Netem)
                    {
                        mininet.AddLink(nodes[link.A].MininetName, nodes[link.B].MininetName, wanPorts.InterfaceA, wanPorts.InterfaceB);
                    }
                }
                else if (Local(link.A) && shaped && chosen == LinkEmulation.Userspace)
                {
                    // The emulator carries the link from A's port to a bridge that holds the tunnel.
                    // ".cut": node names cannot hold a dot, so no node's namespace takes this name.
                    cutSwitches[i] = $"{tag}c{i}";
                    mininet.AddSwitch(cutSwitches[i], $"tb-{tag}-{link.A}-{link.B}.cut");
                }
            }

            await mininet.StartAsync(cancellationToken);

            // The cut links' tunnels: into the end's own namespace, or into the bridge behind A's emulator.
            foreach (var wanPorts in ports)
            {
                var link = topology.Links[wanPorts.LinkIndex];
                if (share is null || Local(link.A) == Local(link.B))
                {
                    continue;
                }

                var (local, remote) = Local(link.A) ? (link.A, link.B) : (link.B, link.A);
                var vni = share.VniBase + wanPorts.LinkIndex;
                if (cutSwitches.TryGetValue(wanPorts.LinkIndex, out var bridge))
                {
                    var cutNamespace = mininet.NamespaceOf(bridge);
                    await HostTunnel.AddAsync(run, vni, share.LocalAddress, share.AddressOf(remote), share.HostNamespace, cutNamespace, $"{bridge}v", cancellationToken);
                }
                else
                {
                    await HostTunnel.AddAsync(run, vni, share.LocalAddress, share.AddressOf(remote), share.HostNamespace, nodes[local].Namespace,
                        Local(link.A) ? wanPorts.InterfaceA : wanPorts.InterfaceB, cancellationToken);
                }
            }

            // Every end's qdisc in one tc process per namespace, as ConfigureAsync does with ip.
            var netemLines = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var wanPorts in ports.Where(p => p.Shaped && chosen == LinkEmulation.Netem))
            {
                var link = topology.Links[wanPorts.LinkIndex];
                var shape = LinkShape.From(link.Properties, topology.DelayMs(link));
                foreach (var (node, device) in (ReadOnlySpan<(string, string)>)[(link.A, wanPorts.InterfaceA), (link.B, wanPorts.InterfaceB)])
                {
                    // Each end shapes what it sends, so a cut link's two hosts each shape their own direction.
                    if (!Local(node))
                    {
                        continue;
                    }

                    var netns = nodes[node].Namespace;
                    (netemLines.TryGetValue(netns, out var lines) ? lines : netemLines[netns] = []).Add(NetemCommands.Add(device, shape));
                }
            }

            foreach (var (netns, lines) in netemLines)
            {
                await TrafficControl.BatchAsync(netns, lines, cancellationToken);
            }

            // The hosts' own network is part of every cut link's path: measured once a host, and
            // taken off the emulated delay, so that the link as a whole has the delay it was given.
            var underlay = new Dictionary<string, double>(StringComparer.Ordinal);
            if (share is not null)
            {
                foreach (var remote in cutSwitches.Keys.Select(i => share.NodeHosts[topology.Links[i].B]).Distinct())
                {
                    underlay[remote] = await UnderlayRoundTripMsAsync(share, remote, cancellationToken);
                }
            }

            double TunnelOneWayMs(int linkIndex) =>
                cutSwitches.ContainsKey(linkIndex) ? underlay[share!.NodeHosts[topology.Links[linkIndex].B]] / 2 : 0;

            foreach (var wanPorts in ports.Where(p => p.Shaped && chosen == LinkEmulation.Userspace))
            {
                var link = topology.Links[wanPorts.LinkIndex];
                var shape = LinkShape.From(link.Properties, Math.Max(0, topology.DelayMs(link) - TunnelOneWayMs(wanPorts.LinkIndex)));
                if (Local(link.A) && Local(link.B))
                {
                    emulated[wanPorts.LinkIndex] = EmulatedLink.Start(link.ToString(), wanPorts.InterfaceA, nodes[link.A].Namespace,
                        wanPorts.InterfaceB, nodes[link.B].Namespace, shape, seed + wanPorts.LinkIndex);
                }
                else if (cutSwitches.TryGetValue(wanPorts.LinkIndex, out var bridge))
                {
                    var cutNamespace = mininet.NamespaceOf(bridge);
                    emulated[wanPorts.LinkIndex] = EmulatedLink.Start(link.ToString(), wanPorts.InterfaceA, nodes[link.A].Namespace,
                        $"{bridge}t", cutNamespace, shape, seed + wanPorts.LinkIndex);
                    await IpRoute.BatchAsync(cutNamespace,
                    [
                        $"link set {bridge}t mtu {UnderlayMtu} master {bridge} up",
                        $"link set {bridge}v mtu {UnderlayMtu} master {bridge} up",
                        $"link set {bridge} mtu {UnderlayMtu} up",
                    ], cancellationToken);
                }
            }

            var network = new WanNetwork(topology, plan, chosen, mininet, nodes, ports, emulated)
            {
                Share = share,
                UnderlayRoundTripsMs = underlay,
                _tunnelOneWayMs = cutSwitches.Keys.ToDictionary(i => i, TunnelOneWayMs),
            };
            network._lanPorts = lanPorts;
            await network.ConfigureAsync(lanPorts, cancellationToken);
            network.BuildTime = started.Elapsed;
            return network;
        }
        catch
        {
            foreach (var link in emulated.Values)
            {
                link.Dispose();
            }

            await mininet.DisposeAsync();
            throw;
        }
    }

    /// <summary>Changes a link's delay, jitter, loss, bandwidth or queue in place: its interfaces and open connections stay.</summary>
    public async Task SetLinkAsync(int linkIndex, LinkProperties properties, CancellationToken cancellationToken = default)
    {
        var resolved = properties with { DelayMs = properties.DelayMs ?? _current[linkIndex].DelayMs };
        await ApplyAsync(linkIndex, resolved, _up[linkIndex], cancellationToken);
        _current[linkIndex] = resolved;
    }

    /// <summary>A link that is down drops everything, as a cut fiber would; its interfaces stay up, so routes do not move by themselves.</summary>
    public async Task SetLinkUpAsync(int linkIndex, bool up, CancellationToken cancellationToken = default)
    {
        await ApplyAsync(linkIndex, _current[linkIndex], up, cancellationToken);
        _up[linkIndex] = up;
    }

    /// <summary>
    /// Gives the link's emulation its whole state, setting and up/down together, so that a
    /// change of one never undoes the other (netem has no "down": it drops all by loss).
    /// </summary>
    private async Task ApplyAsync(int linkIndex, LinkProperties setting, bool up, CancellationToken cancellationToken)
    {
        var link = Topology.Links[linkIndex];
        var shape = LinkShape.From(setting, Math.Max(0, setting.DelayMs!.Value - TunnelOneWayMs(linkIndex))) with { Up = up };
        if (_emulated.TryGetValue(linkIndex, out var emulated))
        {
            emulated.Reshape(shape);
        }
        else if (!_ports[linkIndex].Shaped)
        {
            throw new InvalidOperationException($"link {link} was built unshaped (no delay, loss or bandwidth); give it a shape in the topology to change it at run time");
        }
        else if (Emulation == LinkEmulation.Netem)
        {
            // Under netem each end shapes what it sends: a cut link's other end is its own host's to change.
            foreach (var (node, device) in ((string, string)[])[(link.A, _ports[linkIndex].InterfaceA), (link.B, _ports[linkIndex].InterfaceB)])
            {
                if (_nodes.TryGetValue(node, out var end))
                {
                    await TrafficControl.BatchAsync(end.Namespace, [NetemCommands.Change(device, shape)], cancellationToken);
                }
            }
        }
    }

    /// <summary>Installs or replaces routes (each on its own node).</summary>
    public async Task ReplaceRoutesAsync(IEnumerable<StaticRoute> routes, CancellationToken cancellationToken = default)
    {
        // In a WAN split over hosts, each installs its own nodes' routes.
        foreach (var group in routes.Where(r => HasNode(r.Node)).GroupBy(r => r.Node))
        {
            await IpRoute.BatchAsync(_nodes[group.Key].Namespace, group.Select(r => r.Command), cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var link in _emulated.Values)
        {
            link.Dispose();
        }

        await _mininet.DisposeAsync();
    }

    private async Task ConfigureAsync(Dictionary<string, string> lanPorts, CancellationToken cancellationToken)
    {
        var commands = _nodes.Values.ToDictionary(n => n.Namespace, _ => new List<string> { "link set lo up" });
        foreach (var wanPorts in _ports)
        {
            var link = Topology.Links[wanPorts.LinkIndex];
            var addresses = Plan.Links[wanPorts.LinkIndex];
            if (HasNode(link.A))
            {
                commands[_nodes[link.A].Namespace].AddRange([$"addr add {addresses.A}/30 dev {wanPorts.InterfaceA}", $"link set {wanPorts.InterfaceA} mtu {UnderlayMtu} up"]);
            }

            if (HasNode(link.B))
            {
                commands[_nodes[link.B].Namespace].AddRange([$"addr add {addresses.B}/30 dev {wanPorts.InterfaceB}", $"link set {wanPorts.InterfaceB} mtu {UnderlayMtu} up"]);
            }
        }

        foreach (var router in Topology.Nodes.Where(n => n.Forwards && HasNode(n.Name)))
        {
            commands[_nodes[router.Name].Namespace].Add($"addr add {Plan.Loopback(router.Name)}/32 dev lo");
        }

        foreach (var site in Topology.UserSites.Where(s => HasNode(s.Name)))
        {
            // The whole /24 on lo: the site's clients may use any address of it.
            var addresses = Plan.UserSite(site.Name);
            commands[_nodes[site.Name].Namespace].Add($"addr add {addresses.Clients}/{addresses.Subnet.PrefixLength} dev lo");
        }

        foreach (var dc in Topology.DataCenters.Where(d => HasNode(d.Name)))
        {
            var addresses = Plan.DataCenter(dc.Name);
            var port = lanPorts[dc.Name];
            commands[_nodes[dc.Name].Namespace].AddRange(
            [
                $"link set {port} address {Plan.Blocks.GatewayMac}",
                $"addr add {addresses.Router}/{addresses.Infrastructure.PrefixLength} dev {port}",
                $"addr add {Plan.ServiceGateway}/{Plan.Blocks.Services.PrefixLength} dev {port}",
                $"link set {port} up",
            ]);
            for (var h = 0; h < dc.Hosts; h++)
            {
                var host = _nodes[HostName(dc.Name, h)];
                commands[host.Namespace].AddRange(
                [
                    // The bridge's own MAC, fixed: left to the kernel, a bridge takes the lowest of
                    // its ports' MACs and changes it as VM taps come and go, and the router's
                    // neighbour entry for the host then names a MAC that nothing answers to.
                    $"link add {HostBridge} address {HostBridgeMac(addresses.Hosts[h])} type bridge",
                    $"link set {host.MininetName}-eth0 master {HostBridge}",
                    $"link set {host.MininetName}-eth0 up",
                    $"addr add {addresses.Hosts[h]}/{addresses.Infrastructure.PrefixLength} dev {HostBridge}",
                    $"link set {HostBridge} up",
                    $"route add default via {addresses.Router}",
                ]);
            }
        }

        foreach (var route in Routes.BaseRoutes().Where(r => HasNode(r.Node)))
        {
            commands[_nodes[route.Node].Namespace].Add(route.Command);
        }

        foreach (var (netns, lines) in commands)
        {
            await IpRoute.BatchAsync(netns, lines, cancellationToken);
        }

        foreach (var dc in Topology.DataCenters.Where(d => HasNode(d.Name)))
        {
            for (var h = 0; h < dc.Hosts; h++)
            {
                await NamespaceSysctl.WriteAsync(_nodes[HostName(dc.Name, h)].Namespace, "net/ipv4/tcp_notsent_lowat",
                    HostUnsentLimitBytes.ToString(CultureInfo.InvariantCulture), cancellationToken);
            }
        }

        if (Topology.DataCenters.FirstOrDefault(d => d.Hosts > 0 && HasNode(d.Name)) is { } first)
        {
            var host = _nodes[HostName(first.Name, 0)].Namespace;
            HostTcpBufferMaxima = (LargestTcpBuffer(await NamespaceSysctl.ReadAsync(host, "net/ipv4/tcp_wmem", cancellationToken)),
                LargestTcpBuffer(await NamespaceSysctl.ReadAsync(host, "net/ipv4/tcp_rmem", cancellationToken)));
        }

        // The users' ICMP probes go out on ping sockets, which a namespace allows only to the groups this names; the clients run as root.
        foreach (var site in Topology.UserSites.Where(s => HasNode(s.Name)))
        {
            await NamespaceSysctl.WriteAsync(_nodes[site.Name].Namespace, "net/ipv4/ping_group_range", "0 0", cancellationToken);
        }
    }

    /// <summary>The median of twenty echoes to <paramref name="remote"/>'s address, from this host's own network; the first, which waits for ARP, left out.</summary>
    private static async Task<double> UnderlayRoundTripMsAsync(WanShare share, string remote, CancellationToken cancellationToken)
    {
        var address = share.HostAddresses[remote];
        await EchoProbe.RoundTripsMsAsync(share.HostNamespace, address, 1, TimeSpan.FromMilliseconds(10), cancellationToken: cancellationToken);
        var rtts = await EchoProbe.RoundTripsMsAsync(share.HostNamespace, address, 20, TimeSpan.FromMilliseconds(10), cancellationToken: cancellationToken);
        return rtts.Count > 0
            ? NearestRank.Of(rtts, 0.5)
            : throw new InvalidOperationException($"host {remote} ({address}) did not answer echoes on the hosts' own network: the tunnels to it cannot work");
    }

    /// <summary>The third field of tcp_wmem or tcp_rmem ("min default max").</summary>
    private static long? LargestTcpBuffer(string sysctl)
    {
        var fields = sysctl.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 3 && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : null;
    }

    private static bool IsShaped(LinkProperties p) =>
        p.DelayMs is not 0 || p.JitterMs > 0 || p.LossPercent > 0 || p.BandwidthMbps is not null;

    /// <summary>Whether any interface of the root namespace, or any namespace, already bears a name this tag makes.</summary>
    private static async Task<bool> TagInUseAsync(string tag, CancellationToken cancellationToken)
    {
        var links = await IpRoute.LinkNamesAsync(null, cancellationToken);
        var namespaces = await IpRoute.ListNamespacesAsync(cancellationToken);
        return links.Any(name => name.StartsWith(tag, StringComparison.Ordinal)) || namespaces.Any(name => name.StartsWith($"tb-{tag}-", StringComparison.Ordinal));
    }

    private static string Base36(int value)
    {
        const string digits = "abcdefghijklmnopqrstuvwxyz0123456789";
        Span<char> text = stackalloc char[3];
        text[0] = digits[(value / 1296) % 26];
        text[1] = digits[(value / 36) % 36];
        text[2] = digits[value % 36];
        return new string(text);
    }
}
