using System.Net;
using Testbed.Client.Tests.Support;
using Testbed.Workload.Protocol;
using Testbed.Workload.Records;

namespace Testbed.Client.Tests.Sites;

public sealed class HandoverTests
{
    [Fact]
    public async Task Users_placed_and_handed_over_before_the_start_start_there_and_move_one_by_one_at_their_planned_times()
    {
        await using var network = await TwoSiteNetwork.CreateAsync();
        var service = TwoSiteNetwork.ServiceAddress;
        await using var server = LineServer.Start(new IPEndPoint(service, ServicePorts.RequestResponse), "vm-a", TimeSpan.FromMilliseconds(2), netns: network.Service);
        await using var echo = EchoServer.Start(new IPEndPoint(service, ServicePorts.ProbeEcho), netns: network.Service);
        string[] arguments =
        [
            "--group", "nomads", "--service-address", service.ToString(), "--site", "site-a", "--netns", network.Sites[0],
            "--users", "3", "--rate", "50", "--size", "64",
        ];
        await using var client = ClientProcess.Start(arguments, netns: network.Sites[0], start: false);

        // User 1 starts at site b; user 0 goes to b at 400 ms, user 1 back to a at 700 ms, and
        // user 2 to b at 1000 ms (a handover to where a user already is would be no move).
        await client.SendAsync($"place 1 site-b {network.Sites[1]}");
        await client.SendAsync($"handover 400 0 site-b {network.Sites[1]}");
        await client.SendAsync($"handover 700 1 site-a {network.Sites[0]}");
        await client.SendAsync($"handover 1000 2 site-b {network.Sites[1]}");
        await client.SendAsync($"handover 1200 2 site-b {network.Sites[1]}");
        await client.SendAsync("start");

        await client.WaitForAsync("three handovers and answers a second after the last", records =>
            records.OfType<MovedRecord>().Count() == 3
            && records.Answered().Any(r => r.UnixMicroseconds > records.OfType<MovedRecord>().Max(m => m.UnixMicroseconds) + 1_000_000));
        Assert.Equal(0, await client.StopAsync());

        var records = client.Records;
        var start = Assert.Single(records.OfType<StartedRecord>()).UnixMicroseconds;
        var moves = records.OfType<MovedRecord>().ToList();
        Assert.Equal([(0, "site-b"), (1, "site-a"), (2, "site-b")], moves.Select(m => (m.User, m.Site)));

        // Each at its planned time after the start: the record carries the planned instant.
        Assert.Equal([400_000L, 700_000L, 1_000_000L], moves.Select(m => (m.UnixMicroseconds - start + 500) / 1000 * 1000));

        // Each user's requests left from where it was: user 1 from b until its handover.
        var requests = records.Requests();
        Assert.All(requests.Where(r => r.User == 1 && r.UnixMicroseconds < moves[1].UnixMicroseconds), r => Assert.Equal("site-b", r.Site));
        Assert.All(requests.Where(r => r.User == 1 && r.UnixMicroseconds > moves[1].UnixMicroseconds), r => Assert.Equal("site-a", r.Site));
        Assert.All(requests.Where(r => r.User == 0 && r.UnixMicroseconds < moves[0].UnixMicroseconds), r => Assert.Equal("site-a", r.Site));
        Assert.All(requests, r => Assert.Equal(RequestOutcome.Ok, r.Outcome));
        Assert.Empty(client.Errors);
    }
}
