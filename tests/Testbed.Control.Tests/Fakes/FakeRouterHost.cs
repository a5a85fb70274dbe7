using Testbed.Control.Contracts;
using Testbed.Control.Hosts;

namespace Testbed.Control.Tests.Fakes;

/// <summary>Routers whose tables say where the fake guests run now.</summary>
internal sealed class FakeRouterHost(FakeGuestHost guests) : IRouterHost
{
    /// <summary>As a mechanism without smart routers (l2-stretch, readdress) answers.</summary>
    public bool None { get; set; }

    public Task<RouterStatus?> StatusAsync(string dataCenter) => Task.FromResult(None ? null : new RouterStatus(
        dataCenter,
        guests.Running.Select(r => r.Split('@')).GroupBy(r => r[0]).ToDictionary(g => g.Key, g => string.Join('+', g.Select(r => r[1]).Order()), StringComparer.Ordinal),
        0));

    /// <summary>A relay that echoes: the grain's part is to reach this host, which the two-silo tests check by where it answers.</summary>
    public Task<string> RelayAsync(string dataCenter, string requestLine) => Task.FromResult($"{dataCenter}:{requestLine}");
}
