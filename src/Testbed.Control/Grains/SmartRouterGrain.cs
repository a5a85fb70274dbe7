using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Hosting;
using Testbed.Control.World;
using Testbed.Mechanisms.Mobility;

namespace Testbed.Control.Grains;

/// <summary>
/// One data center's testbed-router, through its control socket. The mechanism starts the
/// routers and switches their tables during migrations (all routers in one two-phase
/// step); this grain is the per-router view: its table and its flows.
/// </summary>
[DataCenterPlacement]
public sealed class SmartRouterGrain(RunWorld world, SiloName silo) : Grain, ISmartRouterGrain
{
    private string DataCenter => this.GetPrimaryKeyString();

    public Task<string> GetSiloNameAsync() => Task.FromResult(silo.Value);

    public async Task<RouterStatus> GetStatusAsync()
    {
        if (world.Mechanism is not OverlayMechanism overlay)
        {
            return new RouterStatus(DataCenter, new Dictionary<string, string>(), 0);
        }

        var client = overlay.Routers.Client(DataCenter);
        var table = await client.TableAsync(world.Stopping);
        var counters = await client.CountersAsync(world.Stopping);
        return new RouterStatus(
            DataCenter,
            table.ToDictionary(e => e.Service, e => $"{string.Join('+', e.DataCenters)} (epoch {e.Epoch})", StringComparer.Ordinal),
            counters.Flows.Count);
    }
}
