using Testbed.Control.World;

namespace Testbed.Control.Hosts;

/// <summary>The WAN this process emulated for the run.</summary>
public sealed class EmulatedWanHost(RunWorld world) : IWanHost
{
    public async Task SetDataCenterLinksUpAsync(string dataCenter, bool up)
    {
        foreach (var (_, index) in world.Wan.Topology.LinksOf(dataCenter))
        {
            await world.Wan.SetLinkUpAsync(index, up);
        }
    }
}
