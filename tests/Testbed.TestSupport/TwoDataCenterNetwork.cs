using System.Globalization;
using System.Net;
using Testbed.Lab.Linux;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;

namespace Testbed.TestSupport;

/// <summary>
/// The smallest network where a VM can move: two data centers and a user site, each a
/// namespace. Each data center has a LAN bridge holding the same gateway address
/// (10.0.0.1/24), so a VM keeps its address and gateway wherever it runs. The user site
/// (10.9.0.2) has a link to each data center and one route to the VM, switched by
/// <see cref="RouteServiceToAsync"/>. The data centers are joined by a tbf-limited veth
/// that carries the migration stream (10.255.0.1 and 10.255.0.2). The WAN emulation
/// builds richer topologies, and the migration benchmark runs on it; the QEMU tests use
/// this one, which needs nothing but QEMU and iproute2.
/// </summary>
public sealed class TwoDataCenterNetwork
{
    public static readonly IPAddress UserAddress = IPAddress.Parse("10.9.0.2");
    public const string GatewayCidr = "10.0.0.1/24";

    private readonly RunDirectory _run;

    private TwoDataCenterNetwork(RunDirectory run, string tag)
    {
        _run = run;
        UserNamespace = $"{tag}-user";
        DataCenterNamespaces = [$"{tag}-dc1", $"{tag}-dc2"];
        LanBridges = [$"{tag}-lan1", $"{tag}-lan2"];
    }

    public string UserNamespace { get; }

    public IReadOnlyList<string> DataCenterNamespaces { get; }

    public IReadOnlyList<string> LanBridges { get; }

    /// <summary>Where data center <paramref name="index"/> (0 or 1) listens for and sends migration streams.</summary>
    public static string MigrationAddress(int index) => index == 0 ? "10.255.0.1" : "10.255.0.2";

    /// <param name="tag">A short unique prefix, at most 6 characters: interface names are limited to 15.</param>
    /// <param name="migrationLinkBitsPerSecond">The rate of the veth between the data centers, enforced by tbf in both directions.</param>
    public static async Task<TwoDataCenterNetwork> CreateAsync(RunDirectory run, string tag, long migrationLinkBitsPerSecond, CancellationToken cancellationToken = default)
    {
        var network = new TwoDataCenterNetwork(run, tag);
        var user = network.UserNamespace;
        foreach (var netns in (string[])[user, .. network.DataCenterNamespaces])
        {
            await run.CreateNamespaceAsync(netns, cancellationToken);
            await IpRoute.SetUpAsync("lo", netns, cancellationToken);
            await SysctlAsync(netns, "net.ipv4.ip_forward=1", cancellationToken);
            await SysctlAsync(netns, "net.ipv4.conf.all.rp_filter=0", cancellationToken);
            await SysctlAsync(netns, "net.ipv4.conf.default.rp_filter=0", cancellationToken);
        }

        await IpRoute.AddAddressAsync("lo", UserAddress + "/32", user, cancellationToken);
        for (var i = 0; i < 2; i++)
        {
            var dc = network.DataCenterNamespaces[i];
            var userSide = $"{tag}-u{i + 1}";
            var dcSide = $"{tag}-d{i + 1}u";
            await network.VethAsync(userSide, user, dcSide, dc, cancellationToken);
            await IpRoute.AddAddressAsync(userSide, $"10.9.{i + 1}.2/30", user, cancellationToken);
            await IpRoute.AddAddressAsync(dcSide, $"10.9.{i + 1}.1/30", dc, cancellationToken);
            await IpRoute.AddRouteAsync(UserAddress + "/32", $"10.9.{i + 1}.2", dc, cancellationToken);

            await run.CreateBridgeAsync(network.LanBridges[i], dc, cancellationToken);
            await IpRoute.AddAddressAsync(network.LanBridges[i], GatewayCidr, dc, cancellationToken);
        }

        var migration1 = $"{tag}-m1";
        var migration2 = $"{tag}-m2";
        await network.VethAsync(migration1, network.DataCenterNamespaces[0], migration2, network.DataCenterNamespaces[1], cancellationToken);
        await IpRoute.AddAddressAsync(migration1, MigrationAddress(0) + "/30", network.DataCenterNamespaces[0], cancellationToken);
        await IpRoute.AddAddressAsync(migration2, MigrationAddress(1) + "/30", network.DataCenterNamespaces[1], cancellationToken);
        await LimitRateAsync(migration1, network.DataCenterNamespaces[0], migrationLinkBitsPerSecond, cancellationToken);
        await LimitRateAsync(migration2, network.DataCenterNamespaces[1], migrationLinkBitsPerSecond, cancellationToken);
        return network;
    }

    /// <summary>A tap on data center <paramref name="index"/>'s LAN, for a VM's NIC.</summary>
    public async Task<string> AddTapAsync(int index, string name, CancellationToken cancellationToken = default)
    {
        await _run.CreateTapAsync(name, DataCenterNamespaces[index], LanBridges[index], cancellationToken);
        return name;
    }

    /// <summary>Sends the user's traffic for <paramref name="service"/> to data center <paramref name="index"/>.</summary>
    public Task RouteServiceToAsync(IPAddress service, int index, CancellationToken cancellationToken = default) =>
        IpRoute.ReplaceRouteAsync(service + "/32", $"10.9.{index + 1}.1", UserNamespace, cancellationToken);

    private async Task VethAsync(string name, string netns, string peer, string peerNetns, CancellationToken cancellationToken)
    {
        _run.Record(new LabResource(LabResourceKind.Link, name, netns));
        await CommandRunner.RunCheckedAsync("ip", ["-netns", netns, "link", "add", "name", name, "type", "veth", "peer", "name", peer, "netns", peerNetns], cancellationToken);
        await IpRoute.SetUpAsync(name, netns, cancellationToken);
        await IpRoute.SetUpAsync(peer, peerNetns, cancellationToken);
    }

    /// <summary>tbf at the given rate; the bucket holds at least 4 ms of traffic, as tbf needs at HZ=250.</summary>
    private static Task<CommandResult> LimitRateAsync(string device, string netns, long bitsPerSecond, CancellationToken cancellationToken)
    {
        var burstBytes = Math.Max(32 * 1024, bitsPerSecond / 8 / 250);
        return CommandRunner.RunCheckedAsync("tc",
            ["-netns", netns, "qdisc", "add", "dev", device, "root", "tbf",
             "rate", bitsPerSecond.ToString(CultureInfo.InvariantCulture) + "bit",
             "burst", burstBytes.ToString(CultureInfo.InvariantCulture),
             "latency", "100ms"], cancellationToken);
    }

    private static Task<CommandResult> SysctlAsync(string netns, string setting, CancellationToken cancellationToken) =>
        CommandRunner.RunCheckedAsync("ip", ["netns", "exec", netns, "sysctl", "-q", "-w", setting], cancellationToken);
}
