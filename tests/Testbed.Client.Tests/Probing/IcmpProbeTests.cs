using System.Net;
using Testbed.Client.Tests.Support;
using Testbed.Lab.Linux;
using Testbed.Workload.Protocol;
using Testbed.Workload.Records;

namespace Testbed.Client.Tests.Probing;

/// <summary>
/// ICMP probes: echoes on a ping socket from the site's namespace, answered by the service
/// namespace's own kernel; no echo service runs there. The site's namespace lets root's
/// group open ping sockets, as the testbed's user sites do (the namespaces are the test's own).
/// </summary>
public sealed class IcmpProbeTests
{
    [Fact]
    public async Task Icmp_probes_are_answered_by_the_kernel_with_no_echo_service_and_each_probe_is_one_record()
    {
        await using var network = await TwoSiteNetwork.CreateAsync();
        await NamespaceSysctl.WriteAsync(network.Sites[0], "net/ipv4/ping_group_range", "0 0");
        var service = TwoSiteNetwork.ServiceAddress;
        await using var server = LineServer.Start(new IPEndPoint(service, ServicePorts.RequestResponse), "vm-a", TimeSpan.Zero, netns: network.Service);
        string[] arguments =
        [
            "--group", "pingers", "--service-address", service.ToString(), "--site", "site-a", "--netns", network.Sites[0],
            "--users", "1", "--rate", "10", "--size", "64", "--probe-protocol", "icmp",
        ];
        await using var client = ClientProcess.Start(arguments, netns: network.Sites[0]);

        await client.WaitForAsync("200 probes answered", records => records.Probes().Count(p => p.RoundTripMicroseconds is not null) >= 200);
        Assert.Equal(0, await client.StopAsync());

        var probes = client.Records.Probes();
        Assert.Empty(client.Unparsed);
        Assert.Equal(Enumerable.Range(0, probes.Count).Select(i => (ulong)i), probes.Select(p => p.Sequence).Order());
        var answered = probes.Where(p => p.RoundTripMicroseconds is not null).ToList();
        Assert.True(answered.Count >= probes.Count * 0.9, $"only {answered.Count} of {probes.Count} ICMP probes answered");
        // A veth and a kernel echo: well under the 1 s loss timeout, and never before the probe left.
        Assert.All(answered, p => Assert.InRange(p.RoundTripMicroseconds!.Value, Math.Max(0, p.SendLateMicroseconds), 100_000));
    }
}
