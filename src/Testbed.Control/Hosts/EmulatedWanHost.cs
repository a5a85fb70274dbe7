using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.World;
using Testbed.Network.Wan;
using Testbed.Topology;

namespace Testbed.Control.Hosts;

/// <summary>
/// The WAN this process emulated for the run. In a run over several lab machines a link's
/// change is made here (its setting is remembered, and this host's end shaped if it shapes
/// one) and on every other host that shapes it, through that host's run grain: the owner
/// of a user-space link, each end's host under netem.
/// </summary>
public sealed class EmulatedWanHost(RunWorld world, IGrainFactory grains) : IWanHost
{
    public LinkProperties LinkSetting(string a, string b) => world.Wan.LinkSetting(LinkIndex(a, b));

    public async Task SetLinkAsync(string a, string b, LinkProperties properties)
    {
        await world.Wan.SetLinkAsync(LinkIndex(a, b), properties, world.Stopping);
        var change = new LinkSettingChange(properties.DelayMs, properties.JitterMs, properties.LossPercent, properties.BandwidthMbps, properties.QueuePackets);
        foreach (var host in OtherShapers(LinkIndex(a, b)))
        {
            await grains.GetGrain<IRunHostGrain>(host).SetLinkAsync(a, b, change);
        }
    }

    public async Task SetLinkUpAsync(string a, string b, bool up)
    {
        await world.Wan.SetLinkUpAsync(LinkIndex(a, b), up, world.Stopping);
        foreach (var host in OtherShapers(LinkIndex(a, b)))
        {
            await grains.GetGrain<IRunHostGrain>(host).SetLinkUpAsync(a, b, up);
        }
    }

    public async Task SetDataCenterLinksUpAsync(string dataCenter, bool up)
    {
        foreach (var (link, _) in world.Wan.Topology.LinksOf(dataCenter))
        {
            await SetLinkUpAsync(link.A, link.B, up);
        }
    }

    /// <summary>This host's side only, as another host's timeline changed it: not sent on again.</summary>
    public Task SetHereAsync(string a, string b, LinkSettingChange setting)
    {
        var index = LinkIndex(a, b);
        var next = world.Wan.LinkSetting(index).Changed(setting.DelayMs, setting.JitterMs, setting.LossPercent, setting.BandwidthMbps, setting.QueuePackets);
        return world.Wan.SetLinkAsync(index, next, world.Stopping);
    }

    public Task SetUpHereAsync(string a, string b, bool up) => world.Wan.SetLinkUpAsync(LinkIndex(a, b), up, world.Stopping);

    /// <summary>The other hosts that shape link <paramref name="linkIndex"/>: none on one host.</summary>
    private IEnumerable<string> OtherShapers(int linkIndex)
    {
        if (world.Share is not { } share)
        {
            return [];
        }

        var link = world.Wan.Topology.Links[linkIndex];
        IEnumerable<string> shapers = world.Wan.Emulation == LinkEmulation.Netem ? [share.NodeHosts[link.A], share.NodeHosts[link.B]] : [share.NodeHosts[link.A]];
        return shapers.Distinct().Where(h => h != share.Host);
    }

    private int LinkIndex(string a, string b) => world.Wan.Topology.LinkIndex(a, b) ?? throw new ArgumentException($"no link between {a} and {b}");
}
