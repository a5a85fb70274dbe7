using System.Net;
using Testbed.Lab.Linux;
using Testbed.TestSupport;

namespace Testbed.Client.Tests.Support;

/// <summary>
/// Three namespaces: a service namespace that holds the service address on its loopback, and
/// two user sites, each joined to it by a veth of its own and routed to the service address
/// over it. A request's source address therefore says which site it came from. Disposal
/// deletes the namespaces, which takes their veths with them.
/// </summary>
internal sealed class TwoSiteNetwork : IAsyncDisposable
{
    public static readonly IPAddress ServiceAddress = IPAddress.Parse("10.200.0.1");

    /// <summary>The address site 0 and site 1 send from.</summary>
    public static readonly IPAddress[] SiteAddresses = [IPAddress.Parse("10.200.1.2"), IPAddress.Parse("10.200.2.2")];

    private readonly List<string> _created = [];

    private TwoSiteNetwork()
    {
        Service = UniqueName.Next("tbc-s-");
        Sites = [UniqueName.Next("tbc-a-"), UniqueName.Next("tbc-b-")];
    }

    public string Service { get; }

    public IReadOnlyList<string> Sites { get; }

    public static async Task<TwoSiteNetwork> CreateAsync()
    {
        var network = new TwoSiteNetwork();
        try
        {
            foreach (var netns in (string[])[network.Service, .. network.Sites])
            {
                // Remembered before it exists, so that a failure half-way still deletes it.
                network._created.Add(netns);
                await IpRoute.AddNamespaceAsync(netns);
                await IpRoute.SetUpAsync("lo", netns);
            }

            await IpRoute.AddAddressAsync("lo", ServiceAddress + "/32", network.Service);
            for (var i = 0; i < 2; i++)
            {
                var subnet = $"10.200.{i + 1}";
                await IpRoute.BatchAsync(network.Sites[i],
                [
                    $"link add site{i} type veth peer name svc{i} netns {network.Service}",
                    $"address add {subnet}.2/30 dev site{i}",
                    $"link set dev site{i} up",
                    $"route add {ServiceAddress}/32 via {subnet}.1",
                ]);
                await IpRoute.BatchAsync(network.Service,
                [
                    $"address add {subnet}.1/30 dev svc{i}",
                    $"link set dev svc{i} up",
                ]);
            }

            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var netns in _created)
        {
            if (await IpRoute.NamespaceExistsAsync(netns))
            {
                await IpRoute.DeleteNamespaceAsync(netns);
            }
        }
    }
}
