using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Testbed.Lab.Doctor;
using Testbed.Lab.Linux;
using Testbed.Lab.Runs;
using Testbed.Topology.Addressing;
using Testbed.Network.Emulation;
using Testbed.Network.Mininet;
using Testbed.Network.Netem;
using Testbed.Topology.Routing;
using Testbed.Topology;

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
        CancellationToken cancellationToken = default)
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

            var index = 0;
            foreach (var node in topology.Nodes)
            {
                var built = new WanNode(node.Name, $"{tag}n{index++}", $"tb-{tag}-{node.Name}");
                nodes[node.Name] = built;
                mininet.AddNode(built.MininetName, built.Namespace, router: node.Forwards);
            }

            var lanPorts = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var d = 0; d < topology.DataCenters.Count; d++)
            {
                var dc = topology.DataCenters[d];
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
            for (var i = 0; i < topology.Links.Count; i++)
            {
                var link = topology.Links[i];
                var (a, b) = (nodes[link.A], nodes[link.B]);
                var shaped = IsShaped(link.Properties);
                var wanPorts = new WanLinkPorts(i, NextPort(a), NextPort(b), shaped);
                ports.Add(wanPorts);
                if (!shaped || chosen == LinkEmulation.Netem)
                {
                    mininet.AddLink(a.MininetName, b.MininetName, wanPorts.InterfaceA, wanPorts.InterfaceB);
                }
            }

            await mininet.StartAsync(cancellationToken);

            // Every end's qdisc in one tc process per namespace, as ConfigureAsync does with ip.
            var netemLines = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var wanPorts in ports.Where(p => p.Shaped && chosen == LinkEmulation.Netem))
            {
                var link = topology.Links[wanPorts.LinkIndex];
                var shape = LinkShape.From(link.Properties, topology.DelayMs(link));
                foreach (var (node, device) in (ReadOnlySpan<(string, string)>)[(link.A, wanPorts.InterfaceA), (link.B, wanPorts.InterfaceB)])
                {
                    var netns = nodes[node].Namespace;
                    (netemLines.TryGetValue(netns, out var lines) ? lines : netemLines[netns] = []).Add(NetemCommands.Add(device, shape));
                }
            }

            foreach (var (netns, lines) in netemLines)
            {
                await TrafficControl.BatchAsync(netns, lines, cancellationToken);
            }

            foreach (var wanPorts in ports.Where(p => p.Shaped && chosen == LinkEmulation.Userspace))
            {
                var link = topology.Links[wanPorts.LinkIndex];
                emulated[wanPorts.LinkIndex] = EmulatedLink.Start(link.ToString(), wanPorts.InterfaceA, nodes[link.A].Namespace,
                    wanPorts.InterfaceB, nodes[link.B].Namespace, LinkShape.From(link.Properties, topology.DelayMs(link)), seed + wanPorts.LinkIndex);
            }

            var network = new WanNetwork(topology, plan, chosen, mininet, nodes, ports, emulated);
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
        var shape = LinkShape.From(setting, setting.DelayMs!.Value) with { Up = up };
        if (_emulated.TryGetValue(linkIndex, out var emulated))
        {
            emulated.Reshape(shape);
        }
        else if (_ports[linkIndex].Shaped)
        {
            await TrafficControl.BatchAsync(_nodes[link.A].Namespace, [NetemCommands.Change(_ports[linkIndex].InterfaceA, shape)], cancellationToken);
            await TrafficControl.BatchAsync(_nodes[link.B].Namespace, [NetemCommands.Change(_ports[linkIndex].InterfaceB, shape)], cancellationToken);
        }
        else
        {
            throw new InvalidOperationException($"link {link} was built unshaped (no delay, loss or bandwidth); give it a shape in the topology to change it at run time");
        }
    }

    /// <summary>Installs or replaces routes (each on its own node).</summary>
    public async Task ReplaceRoutesAsync(IEnumerable<StaticRoute> routes, CancellationToken cancellationToken = default)
    {
        foreach (var group in routes.GroupBy(r => r.Node))
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
            commands[_nodes[link.A].Namespace].AddRange([$"addr add {addresses.A}/30 dev {wanPorts.InterfaceA}", $"link set {wanPorts.InterfaceA} mtu {UnderlayMtu} up"]);
            commands[_nodes[link.B].Namespace].AddRange([$"addr add {addresses.B}/30 dev {wanPorts.InterfaceB}", $"link set {wanPorts.InterfaceB} mtu {UnderlayMtu} up"]);
        }

        foreach (var router in Topology.Nodes.Where(n => n.Forwards))
        {
            commands[_nodes[router.Name].Namespace].Add($"addr add {Plan.Loopback(router.Name)}/32 dev lo");
        }

        foreach (var site in Topology.UserSites)
        {
            // The whole /24 on lo: the site's clients may use any address of it.
            var addresses = Plan.UserSite(site.Name);
            commands[_nodes[site.Name].Namespace].Add($"addr add {addresses.Clients}/{addresses.Subnet.PrefixLength} dev lo");
        }

        foreach (var dc in Topology.DataCenters)
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

        foreach (var route in Routes.BaseRoutes())
        {
            commands[_nodes[route.Node].Namespace].Add(route.Command);
        }

        foreach (var (netns, lines) in commands)
        {
            await IpRoute.BatchAsync(netns, lines, cancellationToken);
        }

        foreach (var dc in Topology.DataCenters)
        {
            for (var h = 0; h < dc.Hosts; h++)
            {
                await NamespaceSysctl.WriteAsync(_nodes[HostName(dc.Name, h)].Namespace, "net/ipv4/tcp_notsent_lowat",
                    HostUnsentLimitBytes.ToString(CultureInfo.InvariantCulture), cancellationToken);
            }
        }

        if (Topology.DataCenters.FirstOrDefault(d => d.Hosts > 0) is { } first)
        {
            var host = _nodes[HostName(first.Name, 0)].Namespace;
            HostTcpBufferMaxima = (LargestTcpBuffer(await NamespaceSysctl.ReadAsync(host, "net/ipv4/tcp_wmem", cancellationToken)),
                LargestTcpBuffer(await NamespaceSysctl.ReadAsync(host, "net/ipv4/tcp_rmem", cancellationToken)));
        }

        // The users' ICMP probes go out on ping sockets, which a namespace allows only to the groups this names; the clients run as root.
        foreach (var site in Topology.UserSites)
        {
            await NamespaceSysctl.WriteAsync(_nodes[site.Name].Namespace, "net/ipv4/ping_group_range", "0 0", cancellationToken);
        }
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
