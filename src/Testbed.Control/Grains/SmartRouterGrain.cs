using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Hosting;
using Testbed.Control.Hosts;

namespace Testbed.Control.Grains;

/// <summary>
/// One data center's testbed-router, through this host's routers. The mechanism starts the
/// routers and switches their tables during migrations (all routers in one two-phase
/// step); this grain is the per-router view: its table and its flows.
/// </summary>
[DataCenterPlacement]
public sealed class SmartRouterGrain(IRouterHost routers, SiloName silo) : Grain, ISmartRouterGrain
{
    public Task<string> GetSiloNameAsync() => Task.FromResult(silo.Value);

    public Task<RouterStatus?> GetStatusAsync() => routers.StatusAsync(this.GetPrimaryKeyString());

    public Task<string> RelayAsync(string requestLine) => routers.RelayAsync(this.GetPrimaryKeyString(), requestLine);
}
