using Testbed.Control.Contracts;

namespace Testbed.Control.Hosts;

/// <summary>This host's smart routers, one per data center, as the router grains read them. One per silo.</summary>
public interface IRouterHost
{
    /// <summary>The data center's router's location table and flow count; null when the run's mechanism has no smart routers.</summary>
    Task<RouterStatus?> StatusAsync(string dataCenter);

    /// <summary>One control request line to this host's router of <paramref name="dataCenter"/>, its response line back.</summary>
    Task<string> RelayAsync(string dataCenter, string requestLine);
}
