using System.Globalization;
using Testbed.Lab.Processes;
using Testbed.Overlay.Forwarding;
using Testbed.Overlay.Table;

namespace Testbed.Overlay.DataPlane;

/// <summary>
/// The router namespace's kernel carries what needs no decision. A service whose entry is
/// settled (no switch-over prepared) and names one data center gets a route of its own in
/// the router's table: into a VXLAN device toward the data center that hosts it, or, when
/// that is this one, a throw back to the main table and onto the LAN. Its packets then
/// never wake the router process, and the emulator that wrote them into this namespace
/// finds them already on the next link. Every other entry (replicas, a prepared
/// switch-over, none) has no such route, and its packets reach the TUN, where the router
/// decides per flow as it always did.
/// </summary>
/// <remarks>
/// Prepare withdraws the route, before the migration's pause, so the commit inside the
/// pause is the user-space table switch it always was; the route for the new location goes
/// in once the commit has settled (<see cref="SettleDelay"/>). The kernel sees flows the
/// router never saw: when a route toward another data center is withdrawn, the flows the
/// kernel's connection tracking knows for the service are pinned to that data center, so
/// that adding a replica still moves only new flows.
/// </remarks>
internal sealed class KernelFastPath : IDisposable
{
    /// <summary>How long a committed entry must stand before the kernel carries it: a switch-over's aftermath (an abort, the stale neighbour's removal) is over by then.</summary>
    public static readonly TimeSpan SettleDelay = TimeSpan.FromSeconds(1);

    private readonly RouterConfiguration _configuration;
    private readonly Dictionary<string, string> _peerAddresses;
    private readonly SemaphoreSlim _serial = new(1, 1);
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Per service, the data center its route sends it to; absent: no route.</summary>
    private readonly Dictionary<string, string> _routes = new(StringComparer.Ordinal);

    private KernelFastPath(RouterConfiguration configuration)
    {
        _configuration = configuration;
        _peerAddresses = configuration.Peers.ToDictionary(p => p.Name, p => p.Address, StringComparer.Ordinal);
    }

    private string Table => _configuration.RoutingTable.ToString(CultureInfo.InvariantCulture);

    private string Device => _configuration.VxlanName;

    /// <summary>
    /// Creates the VXLAN device, with each peer's MAC and underlay address, and turns on
    /// connection tracking in this namespace. A predecessor's device (a router that was
    /// killed) is removed first; its routes go with <see cref="KernelPlumbing.SetUpAsync"/>.
    /// </summary>
    public static async Task<KernelFastPath> SetUpAsync(RouterConfiguration configuration, CancellationToken cancellationToken)
    {
        var path = new KernelFastPath(configuration);
        var device = configuration.VxlanName;
        await CommandRunner.RunAsync("ip", ["link", "del", device], TimeSpan.FromSeconds(10), cancellationToken);
        await CommandRunner.RunCheckedAsync("ip", ["link", "add", device, "address", VxlanMac.Of(configuration.UnderlayAddress), "type", "vxlan",
            "id", VxlanMac.NetworkId, "local", configuration.UnderlayAddress, "dstport", configuration.VxlanPort.ToString(CultureInfo.InvariantCulture), "nolearning"],
            cancellationToken);
        foreach (var peer in configuration.Peers)
        {
            await CommandRunner.RunCheckedAsync("ip", ["neigh", "replace", peer.Address, "lladdr", VxlanMac.Of(peer.Address), "dev", device, "nud", "permanent"], cancellationToken);
            await CommandRunner.RunCheckedAsync("bridge", ["fdb", "append", VxlanMac.Of(peer.Address), "dev", device, "dst", peer.Address], cancellationToken);
        }

        await CommandRunner.RunCheckedAsync("ip", ["link", "set", device, "mtu", "1500", "up"], cancellationToken);
        await File.WriteAllTextAsync($"/proc/sys/net/ipv4/conf/{device}/rp_filter", "0", cancellationToken);

        // Replies leave the VM by plain routing, so a router tracks a TCP connection one way
        // only: it stays in SYN_SENT, and what follows the SYN does not renew it. It must stay
        // tracked as long as an established connection would, or a long one is not pinned.
        const string Tracking = "/proc/sys/net/netfilter/nf_conntrack_tcp_timeout_";
        await File.WriteAllTextAsync(Tracking + "syn_sent", (await File.ReadAllTextAsync(Tracking + "established", cancellationToken)).Trim(), cancellationToken);
        var tracking = TrackingRule(configuration);
        if (!(await CommandRunner.RunAsync("iptables", ["-C", .. tracking], TimeSpan.FromSeconds(10), cancellationToken)).Succeeded)
        {
            await CommandRunner.RunCheckedAsync("iptables", ["-A", .. tracking], cancellationToken);
        }

        return path;
    }

    /// <summary>Removes the device, the routes and the tracking rule: the namespace is as it was before the router.</summary>
    public async Task TearDownAsync(CancellationToken cancellationToken)
    {
        _stop.Cancel();
        await _serial.WaitAsync(cancellationToken);
        try
        {
            await KernelPlumbing.FlushTableAsync(_configuration, cancellationToken);
            await CommandRunner.RunAsync("ip", ["link", "del", Device], TimeSpan.FromSeconds(10), cancellationToken);
            await CommandRunner.RunAsync("iptables", ["-D", .. TrackingRule(_configuration)], TimeSpan.FromSeconds(10), cancellationToken);
            _routes.Clear();
        }
        finally
        {
            _serial.Release();
        }
    }

    /// <summary>Any rule that matches on connection state makes the kernel track this namespace's connections.</summary>
    private static string[] TrackingRule(RouterConfiguration configuration) =>
        ["FORWARD", "-d", configuration.ServicePrefix, "-m", "conntrack", "--ctstate", "NEW", "-j", "ACCEPT"];

    /// <summary>Packets (a segmentation-offload packet counts once) and their bytes that the kernel sent into the VXLAN device, and packets it took out.</summary>
    public (long Tunnelled, long TunnelledBytes, long FromTunnel) Counters() => (Statistic("tx_packets"), Statistic("tx_bytes"), Statistic("rx_packets"));

    /// <summary>Makes the service's route what its entry calls for now; returns once it is.</summary>
    public async Task SyncAsync(string service, LocationTable table, FlowAffinity affinity, CancellationToken cancellationToken)
    {
        await _serial.WaitAsync(cancellationToken);
        try
        {
            var wanted = Wanted(service, table);
            var installed = _routes.GetValueOrDefault(service);
            if (wanted == installed)
            {
                return;
            }

            // Pinned before and after the change: a flow that began between the two readings
            // and reached the TUN first was placed by the router already, and stays there.
            var away = installed is not null && installed != _configuration.Name;
            if (away)
            {
                PinTrackedFlows(service, installed!, affinity);
            }

            string[] change = wanted is null ? ["route", "del", service + "/32", "table", Table]
                : wanted == _configuration.Name ? ["route", "replace", "throw", service + "/32", "table", Table]
                : ["route", "replace", service + "/32", "via", _peerAddresses[wanted], "dev", Device, "onlink", "table", Table];
            await CommandRunner.RunCheckedAsync("ip", change, cancellationToken);
            if (wanted is null)
            {
                _routes.Remove(service);
            }
            else
            {
                _routes[service] = wanted;
            }

            if (away)
            {
                PinTrackedFlows(service, installed!, affinity);
            }
        }
        finally
        {
            _serial.Release();
        }
    }

    /// <summary>As <see cref="SyncAsync"/>, once <see cref="SettleDelay"/> has passed, off the caller's path; a failure is written to the router's log.</summary>
    public void SyncAfterSettling(string service, LocationTable table, FlowAffinity affinity) => _ = Task.Run(async () =>
    {
        try
        {
            await Task.Delay(SettleDelay, _stop.Token);
            await SyncAsync(service, table, affinity, _stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // The router is stopping.
        }
        catch (Exception e) when (e is CommandFailedException or TimeoutException or IOException)
        {
            Console.Error.WriteLine($"testbed-router {_configuration.Name}: the kernel route for {service} did not follow its entry: {e.Message}");
        }
    });

    /// <summary>The data center the kernel may send the service to: a settled entry's only one, if the router knows it.</summary>
    private string? Wanted(string service, LocationTable table) =>
        table.IsPrepared(service) || table.Lookup(service) is not { DataCenters: [var only] }
            ? null
            : only == _configuration.Name || _peerAddresses.ContainsKey(only) ? only : null;

    private static void PinTrackedFlows(string service, string dataCenter, FlowAffinity affinity)
    {
        foreach (var flow in TrackedConnections.To(service))
        {
            affinity.Pin(flow, dataCenter, System.Diagnostics.Stopwatch.GetTimestamp());
        }
    }

    private long Statistic(string name)
    {
        var path = $"/sys/class/net/{Device}/statistics/{name}";
        return File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _serial.Dispose();
    }
}
