using System.Net;
using Testbed.Topology;

namespace Testbed.Topology.Addressing;

/// <summary>
/// Every address in the emulated network, derived only from the topology's order and the
/// blocks, so the same experiment always gets the same addresses.
/// </summary>
public sealed class AddressPlan
{
    private readonly Dictionary<string, IPAddress> _loopbacks;
    private readonly Dictionary<string, DataCenterAddresses> _dataCenters;
    private readonly Dictionary<string, UserSiteAddresses> _userSites;

    private AddressPlan(AddressBlocks blocks, IReadOnlyList<LinkAddresses> links, Dictionary<string, IPAddress> loopbacks,
        Dictionary<string, DataCenterAddresses> dataCenters, Dictionary<string, UserSiteAddresses> userSites)
    {
        Blocks = blocks;
        Links = links;
        _loopbacks = loopbacks;
        _dataCenters = dataCenters;
        _userSites = userSites;
    }

    public AddressBlocks Blocks { get; }

    /// <summary>One entry per WAN link, in the topology's link order.</summary>
    public IReadOnlyList<LinkAddresses> Links { get; }

    /// <summary>The anycast gateway of the service block: its first host address, in every data center.</summary>
    public IPAddress ServiceGateway => Ipv4.Address(Blocks.Services, 1);

    public IPAddress Loopback(string router) => _loopbacks[router];

    public DataCenterAddresses DataCenter(string name) => _dataCenters[name];

    public UserSiteAddresses UserSite(string name) => _userSites[name];

    /// <summary>The n-th service address (from 0), after the gateway: 10.0.0.2 for n = 0 by default.</summary>
    public IPAddress ServiceAddress(int index) => Ipv4.Address(Blocks.Services, index + 2);

    public static AddressPlan For(WanTopology topology, AddressBlocks? blocks = null)
    {
        blocks ??= new AddressBlocks();
        var problems = Check(topology, blocks);
        if (problems.Count > 0)
        {
            throw new TopologyException(problems);
        }

        var links = topology.Links
            .Select((_, i) =>
            {
                var subnet = Ipv4.Subnet(blocks.Underlay, 30, i);
                return new LinkAddresses(i, subnet, Ipv4.Address(subnet, 1), Ipv4.Address(subnet, 2));
            })
            .ToList();
        var routers = topology.Nodes.Where(n => n.Forwards).Select(n => n.Name).ToList();
        var loopbacks = routers.Select((name, i) => (name, address: Ipv4.Address(blocks.RouterLoopbacks, i + 1)))
            .ToDictionary(r => r.name, r => r.address, StringComparer.Ordinal);
        var dataCenters = topology.DataCenters.Select((dc, i) =>
            {
                var lan = Ipv4.Subnet(blocks.DataCenterInfrastructure, 24, i);
                var hosts = Enumerable.Range(0, dc.Hosts).Select(h => Ipv4.Address(lan, 11 + h)).ToList();
                return new DataCenterAddresses(dc.Name, lan, Ipv4.Address(lan, 1), hosts);
            })
            .ToDictionary(d => d.DataCenter, StringComparer.Ordinal);
        var userSites = topology.UserSites.Select((site, i) =>
            {
                var subnet = Ipv4.Subnet(blocks.UserSites, 24, i);
                return new UserSiteAddresses(site.Name, subnet, Ipv4.Address(subnet, 1));
            })
            .ToDictionary(s => s.Site, StringComparer.Ordinal);
        return new AddressPlan(blocks, links, loopbacks, dataCenters, userSites);
    }

    private static List<TopologyProblem> Check(WanTopology topology, AddressBlocks blocks)
    {
        var problems = new List<TopologyProblem>();
        void Fits(string what, IPNetwork block, int prefixLength, long needed, string path)
        {
            if (block.PrefixLength > prefixLength || Ipv4.SubnetCount(block, prefixLength) < needed)
            {
                problems.Add(new(path, $"{needed} {what} do not fit in {block}"));
            }
        }

        Fits("link subnets (/30)", blocks.Underlay, 30, topology.Links.Count, "links");
        Fits("data center LANs (/24)", blocks.DataCenterInfrastructure, 24, topology.DataCenters.Count, "data_centers");
        Fits("user site subnets (/24)", blocks.UserSites, 24, topology.UserSites.Count, "user_sites");
        Fits("router loopbacks", blocks.RouterLoopbacks, 32, topology.Nodes.Count(n => n.Forwards) + 1, "wan_routers");
        if (blocks.Services.PrefixLength > 30)
        {
            problems.Add(new("services", $"the service block {blocks.Services} leaves no room for a gateway and a VM"));
        }

        IPNetwork[] all = [blocks.Services, blocks.DataCenterInfrastructure, blocks.UserSites, blocks.RouterLoopbacks, blocks.Underlay];
        for (var i = 0; i < all.Length; i++)
        {
            for (var j = i + 1; j < all.Length; j++)
            {
                if (all[i].Contains(all[j].BaseAddress) || all[j].Contains(all[i].BaseAddress))
                {
                    problems.Add(new("addresses", $"blocks {all[i]} and {all[j]} overlap"));
                }
            }
        }

        return problems;
    }
}
