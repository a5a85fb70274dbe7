using Testbed.Control.World;
using Testbed.Topology;

namespace Testbed.Control.Hosts;

/// <summary>The WAN this process emulated for the run.</summary>
public sealed class EmulatedWanHost(RunWorld world) : IWanHost
{
    public LinkProperties LinkSetting(string a, string b) => world.Wan.LinkSetting(LinkIndex(a, b));

    public Task SetLinkAsync(string a, string b, LinkProperties properties) => world.Wan.SetLinkAsync(LinkIndex(a, b), properties, world.Stopping);

    public Task SetLinkUpAsync(string a, string b, bool up) => world.Wan.SetLinkUpAsync(LinkIndex(a, b), up, world.Stopping);

    public async Task SetDataCenterLinksUpAsync(string dataCenter, bool up)
    {
        foreach (var (_, index) in world.Wan.Topology.LinksOf(dataCenter))
        {
            await world.Wan.SetLinkUpAsync(index, up);
        }
    }

    private int LinkIndex(string a, string b) => world.Wan.Topology.LinkIndex(a, b) ?? throw new ArgumentException($"no link between {a} and {b}");
}
