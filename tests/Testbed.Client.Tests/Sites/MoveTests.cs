using System.Net;
using Testbed.Client.Tests.Support;
using Testbed.Workload.Protocol;
using Testbed.Workload.Records;

namespace Testbed.Client.Tests.Sites;

public sealed class MoveTests
{
    [Fact]
    public async Task Users_moved_to_another_site_send_from_its_namespace_one_after_the_other()
    {
        await using var network = await TwoSiteNetwork.CreateAsync();
        var service = TwoSiteNetwork.ServiceAddress;
        // The service's own namespace, so the default ports serve; the client is given none.
        await using var server = LineServer.Start(new IPEndPoint(service, ServicePorts.RequestResponse), "vm-a", TimeSpan.FromMilliseconds(2), netns: network.Service);
        await using var echo = EchoServer.Start(new IPEndPoint(service, ServicePorts.ProbeEcho), netns: network.Service);
        string[] arguments =
        [
            "--group", "travellers", "--service-address", service.ToString(), "--site", "site-a", "--netns", network.Sites[0],
            "--users", "2", "--rate", "50", "--size", "64",
        ];
        await using var client = ClientProcess.Start(arguments, netns: network.Sites[0]);

        await client.WaitForAsync("twenty answers at site a", records => records.Answered().Count(r => r.Site == "site-a") >= 20);
        await client.SendAsync($"move site-b {network.Sites[1]} 300");
        // Long enough after the moves that a probe stream left running at site a would show.
        await client.WaitForAsync("answers at site b for 1.5 s after both moves", records =>
            records.OfType<MovedRecord>().Count() == 2
            && records.Answered().Any(r => r.Site == "site-b" && r.UnixMicroseconds > records.OfType<MovedRecord>().Max(m => m.UnixMicroseconds) + 1_500_000));
        Assert.Equal(0, await client.StopAsync());

        var records = client.Records;
        var moves = records.OfType<MovedRecord>().ToList();
        Assert.Equal([0, 1], moves.Select(m => m.User));
        Assert.All(moves, m => Assert.Equal("site-b", m.Site));

        // User k of 2 moves at 300·(k+1)/2 ms: 150 ms apart, by the plan the records give. The
        // bound allows for a late timer on a loaded machine, not for moves together or 300 ms apart.
        var apart = moves[1].UnixMicroseconds - moves[0].UnixMicroseconds;
        Assert.InRange(apart, 140_000, 175_000);

        foreach (var move in moves)
        {
            var ofUser = records.Requests().Where(r => r.User == move.User).ToList();
            Assert.All(ofUser.Where(r => r.UnixMicroseconds < move.UnixMicroseconds), r => Assert.Equal("site-a", r.Site));
            Assert.All(ofUser.Where(r => r.UnixMicroseconds > move.UnixMicroseconds), r => Assert.Equal("site-b", r.Site));
        }

        // The service saw each site's requests from that site's own address, on one new connection per user after its move.
        var requests = records.Requests();
        Assert.All(requests, r => Assert.Equal(RequestOutcome.Ok, r.Outcome));
        var served = server.Served;
        Assert.Equal(requests.Count(r => r.Site == "site-a"), served.Count(s => s.From.Address.Equals(TwoSiteNetwork.SiteAddresses[0])));
        Assert.Equal(requests.Count(r => r.Site == "site-b"), served.Count(s => s.From.Address.Equals(TwoSiteNetwork.SiteAddresses[1])));
        Assert.Equal(2, server.Connections.Count(c => c.Address.Equals(TwoSiteNetwork.SiteAddresses[0])));
        Assert.Equal(2, server.Connections.Count(c => c.Address.Equals(TwoSiteNetwork.SiteAddresses[1])));
        Assert.Empty(records.OfType<BrokenRecord>());

        // Probes follow the users: site a's stream ends when its last user leaves (the margin
        // is for a scheduler running late on a loaded machine), site b's starts with the first.
        var probes = records.Probes();
        Assert.All(probes.Where(p => p.Site == "site-a"), p => Assert.True(p.UnixMicroseconds <= moves[1].UnixMicroseconds + 500_000, "site a probed after its last user left"));
        Assert.All(probes.Where(p => p.Site == "site-b"), p => Assert.True(p.UnixMicroseconds >= moves[0].UnixMicroseconds, "site b probed before anyone was there"));
        foreach (var site in (string[])["site-a", "site-b"])
        {
            var ofSite = probes.Where(p => p.Site == site).ToList();
            Assert.Equal(Enumerable.Range(0, ofSite.Count).Select(i => (ulong)i), ofSite.Select(p => p.Sequence).Order());
        }

        Assert.Contains(echo.Received, r => r.From.Address.Equals(TwoSiteNetwork.SiteAddresses[1]));
        ProbeAssert.AnsweredPlausibly(probes, echo);
        Assert.Empty(client.Errors);
    }
}
