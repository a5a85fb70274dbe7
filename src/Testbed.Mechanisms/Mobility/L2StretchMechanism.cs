using System.Globalization;
using Testbed.Lab.Linux;
using Testbed.Lab.Processes;
using Testbed.Mechanisms.Guests;
using Testbed.Network.Wan;
using Testbed.Topology.Routing;

namespace Testbed.Mechanisms.Mobility;

/// <summary>
/// CloudNet's answer: the data center LANs become one Ethernet, bridged over the WAN with
/// kernel VXLAN between the data center routers, and the service's gateway stays at home.
/// A migrated VM keeps its address and is found by MAC learning (QEMU announces it on
/// resume); users' traffic goes through the home data center both ways.
/// </summary>
public sealed class L2StretchMechanism : IMobilityMechanism
{
    public const string Bridge = "l2s";
    public const string Vxlan = "vx0";
    public const int VxlanId = 4242;
    public const int VxlanPort = 4789;

    private readonly WanNetwork _wan;
    private readonly string _home;
    private bool _disposed;

    private L2StretchMechanism(WanNetwork wan, string home, ServiceDirectory directory)
    {
        _wan = wan;
        _home = home;
        Directory = directory;
    }

    public MechanismKind Kind => MechanismKind.L2Stretch;

    public ServiceDirectory Directory { get; }

    public static async Task<L2StretchMechanism> StartAsync(WanNetwork wan, string home, ServiceDirectory directory, CancellationToken cancellationToken = default)
    {
        var mechanism = new L2StretchMechanism(wan, home, directory);
        try
        {
            await mechanism.BridgeAsync(cancellationToken);
            return mechanism;
        }
        catch
        {
            await mechanism.DisposeAsync();
            throw;
        }
    }

    /// <summary>The MAC a data center router's LAN side has: the gateway's at home; elsewhere one of its own, since one Ethernet can have the gateway's MAC only once.</summary>
    public string RouterMac(string dataCenter) =>
        dataCenter == _home
            ? _wan.Plan.Blocks.GatewayMac
            : string.Create(CultureInfo.InvariantCulture, $"02:00:0b:00:{IndexOf(dataCenter):x2}:01");

    public GuestAddressing AddressingAt(GuestSpec guest, string dataCenter) => WanGuest.ServiceAddressing(_wan, guest);

    public Task PlaceAsync(GuestSpec guest, string dataCenter, CancellationToken cancellationToken = default)
    {
        Directory.Publish(guest.Name, guest.Address);
        return Task.CompletedTask;
    }

    /// <summary>Nothing to switch: the VM keeps its MAC, and QEMU's announcement on resume teaches every bridge where it is.</summary>
    public Task<PreparedMove> PrepareMoveAsync(GuestSpec guest, string source, string destination, CancellationToken cancellationToken = default) =>
        Task.FromResult<PreparedMove>(new AnnouncedMove());

    private async Task BridgeAsync(CancellationToken cancellationToken)
    {
        var plan = _wan.Plan;
        var dataCenters = _wan.Topology.DataCenters.Select(d => d.Name).ToList();
        foreach (var dc in dataCenters)
        {
            var netns = _wan.Node(dc).Namespace;
            var port = _wan.LanPort(dc);
            var addresses = plan.DataCenter(dc);
            var mac = RouterMac(dc);
            List<string> commands =
            [
                $"link add {Vxlan} type vxlan id {VxlanId} local {plan.Loopback(dc)} dstport {VxlanPort}",
                $"link add {Bridge} type bridge",
                $"addr flush dev {port}",
                $"link set {port} address {mac}",
                $"link set {port} master {Bridge}",
                $"link set {Vxlan} master {Bridge}",
                $"link set {Bridge} address {mac}",
                $"addr add {addresses.Router}/{addresses.Infrastructure.PrefixLength} dev {Bridge}",
            ];
            if (dc == _home)
            {
                commands.Add($"addr add {plan.ServiceGateway}/{plan.Blocks.Services.PrefixLength} dev {Bridge}");
            }

            commands.AddRange([$"link set {Vxlan} up", $"link set {Bridge} up"]);
            await IpRoute.BatchAsync(netns, commands, cancellationToken);

            // Head-end replication: broadcasts and unknown destinations go to every other data center.
            foreach (var peer in dataCenters.Where(p => p != dc))
            {
                await CommandRunner.RunCheckedAsync("bridge", ["-netns", netns, "fdb", "append", "00:00:00:00:00:00", "dev", Vxlan, "dst", plan.Loopback(peer).ToString()], cancellationToken);
            }

            // The hosts here knew their router by the gateway's MAC, which is now home's alone.
            for (var h = 0; h < _wan.Topology.DataCenters.Single(d => d.Name == dc).Hosts; h++)
            {
                await IpRoute.BatchAsync(_wan.Node(WanNetwork.HostName(dc, h)).Namespace, ["neigh flush all"], cancellationToken);
            }
        }

        // Users' traffic for the block goes home, from everywhere, other data centers included.
        await _wan.ReplaceRoutesAsync(_wan.Routes.ServiceRoutes(plan.Blocks.Services, _home), cancellationToken);
    }

    private int IndexOf(string dataCenter) => _wan.Topology.DataCenters.Select(d => d.Name).ToList().IndexOf(dataCenter);

    /// <summary>Puts every router's LAN back as the WAN built it: its own port, the gateway's MAC and addresses on it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var plan = _wan.Plan;
        foreach (var dc in _wan.Topology.DataCenters.Select(d => d.Name))
        {
            var port = _wan.LanPort(dc);
            var addresses = plan.DataCenter(dc);
            var netns = _wan.Node(dc).Namespace;

            // Each may be gone already (a half-built bridge, a route never installed): no batch, so one failure stops nothing.
            foreach (var undo in new[] { ["link", "del", Vxlan], ["link", "del", Bridge], new[] { "route", "del", plan.Blocks.Services.ToString() } })
            {
                await CommandRunner.RunAsync("ip", ["-n", netns, .. undo], TimeSpan.FromSeconds(10));
            }

            await IpRoute.BatchAsync(netns,
            [
                $"link set {port} address {plan.Blocks.GatewayMac}",
                $"addr replace {addresses.Router}/{addresses.Infrastructure.PrefixLength} dev {port}",
                $"addr replace {plan.ServiceGateway}/{plan.Blocks.Services.PrefixLength} dev {port}",
                $"link set {port} up",
            ]);
        }
    }
}
