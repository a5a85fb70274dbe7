using System.Net;
using Testbed.Lab.Linux;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.Network.Calibration;
using Testbed.Network.Mininet;
using Testbed.TestSupport;

namespace Testbed.Network.Tests.Mininet;

/// <summary>Real Mininet, driven through Python.NET, on this machine's kernel.</summary>
public sealed class MininetNetworkTests : ScratchRootTest
{
    [Fact]
    public async Task Nodes_a_switch_and_links_carry_pings_and_teardown_leaves_nothing()
    {
        var tag = UniqueName.Next("m")[..4];
        var namespacesBefore = await IpRoute.ListNamespacesAsync();
        string netnsA, netnsB, netnsC, netnsSwitch;
        var run = RunDirectory.Create(Scratch.Root, "mininet");
        try
        {
            await using (var net = await MininetNetwork.CreateAsync(run))
            {
                netnsA = $"{tag}-a";
                netnsB = $"{tag}-b";
                netnsC = $"{tag}-c";
                netnsSwitch = $"{tag}-s1";
                net.AddNode($"{tag}a", netnsA, router: true);
                net.AddNode($"{tag}b", netnsB, router: false);
                net.AddNode($"{tag}c", netnsC, router: false);
                net.AddSwitch($"{tag}s1", netnsSwitch);
                net.AddLink($"{tag}a", $"{tag}b", $"{tag}a-eth0", $"{tag}b-eth0");
                net.AddLink($"{tag}a", $"{tag}s1", $"{tag}a-eth1", $"{tag}s1-eth1");
                net.AddLink($"{tag}c", $"{tag}s1", $"{tag}c-eth0", $"{tag}s1-eth2");
                await net.StartAsync();

                await IpRoute.AddAddressAsync($"{tag}a-eth0", "172.16.0.1/30", netnsA);
                await IpRoute.AddAddressAsync($"{tag}b-eth0", "172.16.0.2/30", netnsB);
                await IpRoute.AddAddressAsync($"{tag}a-eth1", "10.128.0.1/24", netnsA);
                await IpRoute.AddAddressAsync($"{tag}c-eth0", "10.128.0.11/24", netnsC);
                await IpRoute.AddRouteAsync("10.128.0.0/24", "172.16.0.1", netnsB);
                await IpRoute.AddRouteAsync("172.16.0.0/30", "10.128.0.1", netnsC);

                // b reaches c through router a and the bridge: forwarding is on in a.
                var rtts = await PingProbe.RoundTripsMsAsync(netnsB, IPAddress.Parse("10.128.0.11"), 3, TimeSpan.FromMilliseconds(50));
                Assert.Equal(3, rtts.Count);
                Assert.Equal("1", net.Cmd($"{tag}a", "sysctl -n net.ipv4.ip_forward").Trim());
                Assert.Equal(net.Pid($"{tag}a"), (await IpRoute.PidsInNamespaceAsync(netnsA)).Min());

                // The bridge and its ports are in the switch's own namespace, none in the root's.
                Assert.True(await IpRoute.LinkExistsAsync($"{tag}s1", netnsSwitch));
                Assert.True(await IpRoute.LinkExistsAsync($"{tag}s1-eth2", netnsSwitch));
                Assert.False(await IpRoute.LinkExistsAsync($"{tag}s1", null));
                Assert.False(await IpRoute.LinkExistsAsync($"{tag}s1-eth1", null));
                if (BridgeNetfilter.CallsIptablesInRootNamespace() is not null)
                {
                    var inSwitch = await CommandRunner.RunCheckedAsync("ip", ["netns", "exec", netnsSwitch, "sysctl", "-n", "net.bridge.bridge-nf-call-iptables"]);
                    Assert.Equal("0", inSwitch.StandardOutput.Trim());
                }
            }

            Assert.Equal(namespacesBefore, await IpRoute.ListNamespacesAsync());
            Assert.False(await IpRoute.LinkExistsAsync($"{tag}s1", null));
        }
        finally
        {
            await run.DisposeAsync();
        }
    }
}
