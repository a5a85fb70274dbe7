using System.Globalization;
using System.Net;
using Testbed.Lab.Processes;

namespace Testbed.TestSupport;

/// <summary>
/// Lab machines emulated on this one: a network namespace a host, each with one port on a
/// bridge that stands for the hosts' own network (the bridge in a namespace of its own, so the
/// machine's firewall never sees the traffic). Addresses are from 198.18.0.0/15, the range set
/// aside for benchmarking networks, one /24 per instance. Disposing deletes the namespaces, and
/// the ports with them.
/// </summary>
public sealed class EmulatedHosts : IAsyncDisposable
{
    /// <summary>Just room for a tunnel's headers over a WAN link's full frames: the least the hosts' own network must carry.</summary>
    public const int LanMtu = Testbed.Network.Wan.WanNetwork.UnderlayMtu + Testbed.Network.Wan.HostTunnel.Overhead;

    private readonly string _lan;
    private readonly List<string> _made = [];

    private EmulatedHosts(string tag, int subnet)
    {
        Tag = tag;
        _lan = $"tbl-{tag}";
        Subnet = subnet;
    }

    public string Tag { get; }

    private int Subnet { get; }

    public IReadOnlyList<(string Name, string Namespace, IPAddress Address)> Hosts { get; private set; } = [];

    /// <summary>Hosts named h1..hN.</summary>
    public static async Task<EmulatedHosts> CreateAsync(int count)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var hosts = new EmulatedHosts(tag, 18 * 256 + (int)(uint.Parse(tag[..4], NumberStyles.HexNumber) % 512));
        try
        {
            await hosts.BuildAsync(count);
            return hosts;
        }
        catch
        {
            await hosts.DisposeAsync();
            throw;
        }
    }

    private async Task BuildAsync(int count)
    {
        await NamespaceAsync(_lan);
        await IpAsync("-n", _lan, "link", "add", "lan", "mtu", LanMtu.ToString(CultureInfo.InvariantCulture), "type", "bridge");
        await IpAsync("-n", _lan, "link", "set", "lan", "up");
        var hosts = new List<(string, string, IPAddress)>();
        for (var i = 1; i <= count; i++)
        {
            var name = $"h{i}";
            var netns = $"tbh-{Tag}-{i}";
            var address = IPAddress.Parse($"198.{Subnet / 256}.{Subnet % 256}.{i}");
            await NamespaceAsync(netns);
            await IpAsync("link", "add", $"tbh{Tag}{i}", "mtu", LanMtu.ToString(CultureInfo.InvariantCulture), "netns", netns, "type", "veth",
                "peer", "name", $"tbp{Tag}{i}", "mtu", LanMtu.ToString(CultureInfo.InvariantCulture), "netns", _lan);
            await IpAsync("-n", netns, "link", "set", $"tbh{Tag}{i}", "name", "eth0");
            await IpAsync("-n", netns, "addr", "add", $"{address}/24", "dev", "eth0");
            await IpAsync("-n", netns, "link", "set", "eth0", "up");
            await IpAsync("-n", netns, "link", "set", "lo", "up");
            await IpAsync("-n", _lan, "link", "set", $"tbp{Tag}{i}", "master", "lan", "up");
            hosts.Add((name, netns, address));
        }

        Hosts = hosts;
    }

    private async Task NamespaceAsync(string name)
    {
        await IpAsync("netns", "add", name);
        _made.Add(name);
    }

    private static Task<CommandResult> IpAsync(params string[] arguments) => CommandRunner.RunCheckedAsync("ip", arguments);

    public async ValueTask DisposeAsync()
    {
        foreach (var netns in Enumerable.Reverse(_made))
        {
            await CommandRunner.RunAsync("ip", ["netns", "delete", netns], TimeSpan.FromSeconds(30));
        }

        _made.Clear();
    }
}
