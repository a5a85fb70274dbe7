namespace Testbed.Control.Contracts.Grains;

/// <summary>The smart router of one data center, keyed by the data center's name: one testbed-router process.</summary>
public interface ISmartRouterGrain : IGrainWithStringKey, IPlacedGrain
{
    /// <summary>The router's location table and traffic counters, read from its control socket; null when the run's mechanism has no smart routers.</summary>
    Task<RouterStatus?> GetStatusAsync();

    /// <summary>
    /// Hands one control request line to the router and returns its response line: how the
    /// mechanism on another lab machine of the run reaches this router, whose control socket
    /// is a Unix socket here.
    /// </summary>
    Task<string> RelayAsync(string requestLine);
}
