using Testbed.Control.Contracts;
using Testbed.Control.World;
using Testbed.Topology.Routing;

namespace Testbed.Control.Hosts;

/// <summary>The testbed-router processes of this run's mechanism, read through their control sockets.</summary>
public sealed class OverlayRouterHost(RunWorld world) : IRouterHost
{
    public Task<string> RelayAsync(string dataCenter, string requestLine)
    {
        var routers = world.Mechanism.SmartRouters ?? throw new InvalidOperationException($"the run's {world.Mechanism.Kind.Name()} mechanism has no smart routers to relay to");
        var client = routers.Client(dataCenter);
        return client.IsRelayed
            ? throw new InvalidOperationException($"the router of {dataCenter} does not run on this host")
            : client.ExchangeLineAsync(requestLine, world.Stopping);
    }

    public async Task<RouterStatus?> StatusAsync(string dataCenter)
    {
        if (world.Mechanism.SmartRouters is not { } routers)
        {
            return null;
        }

        var client = routers.Client(dataCenter);
        var table = await client.TableAsync(world.Stopping);
        var counters = await client.CountersAsync(world.Stopping);
        return new RouterStatus(
            dataCenter,
            table.ToDictionary(e => e.Service, e => $"{string.Join('+', e.DataCenters)} (epoch {e.Epoch})", StringComparer.Ordinal),
            counters.Flows.Count);
    }
}
