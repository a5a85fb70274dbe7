using System.Net;
using System.Net.Sockets;
using Testbed.Lab.Doctor;
using Testbed.Lab.Linux;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.Network.Calibration;
using Testbed.Network.Emulation;
using Testbed.Network.Netem;
using Testbed.Topology;
using Testbed.Network.Wan;
using Testbed.TestSupport;
using Xunit.Abstractions;

namespace Testbed.Network.Tests.Wan;

/// <summary>Whole WANs built in real Mininet on this netem-less kernel, so through the user-space emulator.</summary>
public sealed class WanNetworkTests(ITestOutputHelper output) : ScratchRootTest
{
    [Fact]
    public async Task A_three_router_line_of_10_and_20_ms_has_a_60_ms_round_trip_and_a_delay_change_keeps_connections()
    {
        // On a host whose firewall is as a stock dockerd leaves it (FORWARD DROP, br_netfilter
        // on): the LAN bridges must carry the traffic anyway. Restored afterwards.
        var policyBefore = await HostFirewallProbe.ForwardPolicyAsync();
        var firewall = await DockerLikeFirewall.ApplyAsync();
        Assert.Equal("DROP", await HostFirewallProbe.ForwardPolicyAsync());
        Assert.True(BridgeNetfilter.CallsIptablesInRootNamespace());
        try
        {
            await ThreeRouterLineAsync();
        }
        finally
        {
            await firewall.DisposeAsync();
        }

        Assert.Equal(policyBefore, await HostFirewallProbe.ForwardPolicyAsync());
    }

    private async Task ThreeRouterLineAsync()
    {
        var namespacesBefore = await IpRoute.ListNamespacesAsync();
        var run = RunDirectory.Create(Scratch.Root, "line");
        List<ProcessIdentity> shells = [];
        string tag;
        try
        {
            await using (var wan = await WanNetwork.BuildAsync(run, SampleTopologies.Line()))
            {
                tag = wan.Node("dc1").MininetName[..3];
                shells = [.. wan.Topology.Nodes.Select(n => ProcessIdentity.Of(wan.Mininet.Pid(wan.Node(n.Name).MininetName))!)];
                Assert.All(shells, shell => Assert.True(shell.IsAlive));
                Assert.Equal(LinkEmulation.Userspace, wan.Emulation);
                var user = wan.Node("user").Namespace;
                var host = wan.Node(WanNetwork.HostName("dc1", 0));
                var hostAddress = wan.Plan.DataCenter("dc1").Hosts[0];

                var before = await MedianRttAsync(user, hostAddress);
                output.WriteLine($"user -> dc1 host: median RTT {before} ms");
                Assert.InRange(before, 60, TimingBound.CeilingMs(60));

                // A TCP connection open across the change.
                using var listener = NamespaceSockets.Create(host.Namespace, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listener.Bind(new IPEndPoint(hostAddress, 7100));
                listener.Listen();
                using var client = NamespaceSockets.Create(user, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await client.ConnectAsync(new IPEndPoint(hostAddress, 7100)).WaitAsync(TimeSpan.FromSeconds(10));
                using var server = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(10));
                await EchoOnceAsync(client, server, 1);

                await wan.SetLinkAsync(2, new LinkProperties(40));
                await EchoOnceAsync(client, server, 2);
                var after = await MedianRttAsync(user, hostAddress);
                output.WriteLine($"after r2-r3 went to 40 ms: median RTT {after} ms");

                Assert.InRange(after, 100, TimingBound.CeilingMs(100));
                Assert.Equal(40, wan.LinkSetting(2).DelayMs);
            }

            // Teardown: no namespace, no root-namespace bridge or veth of this network, no Mininet shell.
            Assert.Equal(namespacesBefore, await IpRoute.ListNamespacesAsync());
            var links = await CommandRunner.RunCheckedAsync("ip", ["-br", "link"]);
            Assert.DoesNotContain(links.StandardOutput.Split('\n'), line => line.StartsWith(tag, StringComparison.Ordinal));
            Assert.All(shells, shell => Assert.False(shell.IsAlive));
        }
        finally
        {
            await run.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_hosts_bridge_keeps_its_own_mac_as_vm_taps_join_and_leave_it()
    {
        // Left to the kernel, a bridge takes the lowest MAC of its ports: a VM's tap with a
        // lower MAC than the host's link took it over, and gave it back when the VM left, and
        // the router's neighbour entry for the host then named a MAC nobody answered to (a
        // migration back to the host waited out TCP's SYN back-off: 20 to 69 s).
        var run = RunDirectory.Create(Scratch.Root, "bridge-mac");
        try
        {
            await using var wan = await WanNetwork.BuildAsync(run, SampleTopologies.Line());
            var host = wan.Node(WanNetwork.HostName("dc1", 0)).Namespace;
            var expected = WanNetwork.HostBridgeMac(wan.Plan.DataCenter("dc1").Hosts[0]);
            Assert.Equal(expected, await MacAsync(host, WanNetwork.HostBridge));

            await CommandRunner.RunCheckedAsync("ip", ["-n", host, "link", "add", "vmtap", "address", "00:00:00:00:00:01", "type", "veth", "peer", "name", "vmpeer"]);
            await CommandRunner.RunCheckedAsync("ip", ["-n", host, "link", "set", "vmtap", "master", WanNetwork.HostBridge, "up"]);
            Assert.Equal(expected, await MacAsync(host, WanNetwork.HostBridge));
            await CommandRunner.RunCheckedAsync("ip", ["-n", host, "link", "del", "vmtap"]);
            Assert.Equal(expected, await MacAsync(host, WanNetwork.HostBridge));
        }
        finally
        {
            await run.DisposeAsync();
        }
    }

    private static async Task<string> MacAsync(string netns, string device)
    {
        var shown = await CommandRunner.RunCheckedAsync("ip", ["-n", netns, "-br", "link", "show", device]);
        return shown.StandardOutput.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
    }

    [Fact]
    public async Task Bandwidth_and_loss_changed_at_runtime_take_effect_and_the_echo_probe_agrees_with_ping()
    {
        var run = RunDirectory.Create(Scratch.Root, "change");
        try
        {
            var topology = new WanTopology
            {
                WanRouters = [new WanRouter("a"), new WanRouter("b")],
                Links = [new WanLink("a", "b", new LinkProperties(10, BandwidthMbps: 20))],
            };
            await using var wan = await WanNetwork.BuildAsync(run, topology);
            var (netnsA, netnsB) = (wan.Node("a").Namespace, wan.Node("b").Namespace);
            var addressB = wan.Plan.Links[0].B;

            // The calibration's own probe against the system's ping, on the same link.
            var ping = await MedianRttAsync(netnsA, addressB);
            var echoes = await EchoProbe.RoundTripsMsAsync(netnsA, addressB, 20, TimeSpan.FromMilliseconds(10));
            Assert.True(echoes.Count >= 18, $"{echoes.Count} of 20 echoes answered");
            var echo = echoes.Order().ElementAt(echoes.Count / 2);
            output.WriteLine($"median RTT: ping {ping} ms, echo probe {echo:0.000} ms");
            Assert.InRange(echo, 20, TimingBound.CeilingMs(20));
            // Two medians taken one after the other agree within what a test allows for lateness.
            Assert.InRange(echo - ping, -TimingBound.AllowanceMs, TimingBound.AllowanceMs);

            await wan.SetLinkAsync(0, new LinkProperties(10, BandwidthMbps: 5));
            var bits = await IperfProbe.ThroughputBitsPerSecondAsync(run, netnsB, addressB, netnsA, TimeSpan.FromSeconds(2), 0, 5 * 1.1);
            output.WriteLine($"after 20 -> 5 Mbit/s: iperf3 UDP {bits / 1e6:0.00} Mbit/s");
            Assert.InRange(bits / 1e6, 4.5, 5.5);

            // 30% loss each way leaves about half of the round trips.
            await wan.SetLinkAsync(0, new LinkProperties(10, LossPercent: 30, BandwidthMbps: 5));
            var lossy = await EchoProbe.RoundTripsMsAsync(netnsA, addressB, 200, TimeSpan.FromMilliseconds(5));
            output.WriteLine($"at 30% loss: {lossy.Count} of 200 echoes answered");
            Assert.InRange(lossy.Count, 60, 140);

            await wan.SetLinkAsync(0, new LinkProperties(10, BandwidthMbps: 5));
            Assert.Equal(50, (await EchoProbe.RoundTripsMsAsync(netnsA, addressB, 50, TimeSpan.FromMilliseconds(5))).Count);
        }
        finally
        {
            await run.DisposeAsync();
        }
    }

    /// <summary>
    /// The netem path's plumbing, on this kernel that has no netem: a recording `tc` stands in
    /// for the real one (NetemInGuestTests runs the same lines on a kernel that has netem).
    /// Each shaped link end gets its add in its own namespace, a change replaces both ends'
    /// qdiscs in place, a cut link loses everything, and an unshaped link is never touched.
    /// </summary>
    [Fact]
    public async Task Under_netem_each_shaped_link_end_gets_its_qdisc_in_its_own_namespace_and_changes_replace_both_in_place()
    {
        var bin = Directory.CreateDirectory(Path.Combine(Scratch.Path, "fake-bin")).FullName;
        var record = Path.Combine(Scratch.Path, "tc.log");
        var fakeTc = Path.Combine(bin, "tc");
        await File.WriteAllTextAsync(fakeTc, $"#!/bin/sh\nprintf 'tc %s\\n' \"$*\" >> {record}\n[ \"$3\" = -batch ] && cat >> {record}\nexit 0\n");
        File.SetUnixFileMode(fakeTc, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", $"{bin}:{path}");
        var run = RunDirectory.Create(Scratch.Root, "netem-plumbing");
        try
        {
            var topology = SampleTopologies.Line();
            await using var wan = await WanNetwork.BuildAsync(run, topology, LinkEmulation.Netem);
            Assert.Equal(LinkEmulation.Netem, wan.Emulation);
            var expected = new List<string>();
            void Expect(int link, Func<string, LinkShape, string> command, LinkShape shape)
            {
                var (a, b) = (topology.Links[link].A, topology.Links[link].B);
                expected.AddRange([$"tc -n {wan.Node(a).Namespace} -batch -", command(wan.LinkPorts[link].InterfaceA, shape)]);
                expected.AddRange([$"tc -n {wan.Node(b).Namespace} -batch -", command(wan.LinkPorts[link].InterfaceB, shape)]);
            }

            // Only r1-r2 (10 ms) and r2-r3 (20 ms) are shaped; the access links have no delay.
            // The build adds every end's qdisc with one tc per namespace: r2 holds an end of both.
            Assert.Equal([false, true, true, false], wan.LinkPorts.Select(p => p.Shaped));
            string Ns(string node) => $"tc -n {wan.Node(node).Namespace} -batch -";
            expected.AddRange(
            [
                Ns("r1"), NetemCommands.Add(wan.LinkPorts[1].InterfaceA, new LinkShape(10)),
                Ns("r2"), NetemCommands.Add(wan.LinkPorts[1].InterfaceB, new LinkShape(10)), NetemCommands.Add(wan.LinkPorts[2].InterfaceA, new LinkShape(20)),
                Ns("r3"), NetemCommands.Add(wan.LinkPorts[2].InterfaceB, new LinkShape(20)),
            ]);
            Assert.Equal(expected, await BatchLinesAsync(record));

            await wan.SetLinkAsync(2, new LinkProperties(40, JitterMs: 2, BandwidthMbps: 100));
            Expect(2, NetemCommands.Change, new LinkShape(40, JitterMs: 2, BandwidthMbps: 100));
            await wan.SetLinkUpAsync(1, false);
            Expect(1, NetemCommands.Change, new LinkShape(10, Up: false));
            await wan.SetLinkUpAsync(1, true);
            Expect(1, NetemCommands.Change, new LinkShape(10));
            Assert.Equal(expected, await BatchLinesAsync(record));
            await Assert.ThrowsAsync<InvalidOperationException>(() => wan.SetLinkAsync(0, new LinkProperties(5)));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
            await run.DisposeAsync();
        }
    }

    /// <summary>What the recording tc was given as batches: each call's arguments, then its lines.</summary>
    private static async Task<List<string>> BatchLinesAsync(string record)
    {
        var lines = (await File.ReadAllLinesAsync(record)).ToList();
        var batches = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].EndsWith(" -batch -", StringComparison.Ordinal))
            {
                batches.Add(lines[i]);
                for (i++; i < lines.Count && !lines[i].StartsWith("tc ", StringComparison.Ordinal); i++)
                {
                    batches.Add(lines[i]);
                }

                i--;
            }
        }

        return batches;
    }

    private static async Task<double> MedianRttAsync(string netns, IPAddress target)
    {
        // The first echo waits for ARP on every hop; it is not the path's delay.
        await PingProbe.RoundTripsMsAsync(netns, target, 1, TimeSpan.FromMilliseconds(10));
        var rtts = await PingProbe.RoundTripsMsAsync(netns, target, 20, TimeSpan.FromMilliseconds(10));
        Assert.True(rtts.Count >= 18, $"{rtts.Count} of 20 echoes answered");
        return rtts.Order().ElementAt(rtts.Count / 2);
    }

    private static async Task EchoOnceAsync(Socket client, Socket server, byte value)
    {
        await client.SendAsync(new[] { value });
        var buffer = new byte[1];
        Assert.Equal(1, await server.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(10)));
        await server.SendAsync(buffer);
        Assert.Equal(1, await client.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(value, buffer[0]);
    }
}
