using System.Net;
using Testbed.Client.Tests.Support;
using Testbed.Lab.Linux;
using Testbed.Workload.Protocol;
using Testbed.Workload.Records;

namespace Testbed.Client.Tests.Load;

public sealed class StartTests
{
    [Fact]
    public async Task A_ready_client_sends_nothing_until_start_and_its_arrivals_count_from_it()
    {
        await using var server = LineServer.Start(new IPEndPoint(IPAddress.Loopback, 0), "vm-a", TimeSpan.Zero);
        await using var echo = EchoServer.Start(new IPEndPoint(IPAddress.Loopback, 0));
        await using var client = ClientProcess.Start(LaunchArguments.For(IPAddress.Loopback, server.Endpoint.Port, echo.Endpoint.Port, users: 2, rate: 50), start: false);

        await client.WaitForAsync("the ready record", records => records.OfType<ReadyRecord>().Any());

        // Commands are read in order, so once this one's refusal is on stderr the client has
        // been ready, and idle, for a round trip through its input.
        await client.SendAsync("scale 3");
        await client.WaitForErrorsAsync("the refusal of a scale before start", errors => errors.Count >= 1);
        Assert.StartsWith("testbed-client: ignored scale: the users have not started", Assert.Single(client.Errors), StringComparison.Ordinal);
        Assert.Empty(server.Connections);
        Assert.Empty(echo.Received);

        var startSentAt = DateTimeOffset.UtcNow;
        await client.SendAsync("start");
        await client.WaitForAsync("ten answers", records => records.Answered().Count >= 10);
        await client.SendAsync("start");
        await client.WaitForErrorsAsync("the refusal of a second start", errors => errors.Count >= 2);
        Assert.Equal(0, await client.StopAsync());

        var records = client.Records;
        var started = records.Started();
        Assert.True(started.UnixMicroseconds >= RecordQueries.UnixMicroseconds(startSentAt), $"the client started at {started.UnixMicroseconds}, {RecordQueries.UnixMicroseconds(startSentAt) - started.UnixMicroseconds} µs before it was told to");
        Assert.True(records.Ready().UnixMicroseconds <= started.UnixMicroseconds);
        Assert.All(records.Requests(), r => Assert.True(r.UnixMicroseconds > started.UnixMicroseconds, $"a request was due at {r.UnixMicroseconds}, before the start at {started.UnixMicroseconds}"));
        Assert.All(echo.Received, probe => Assert.True(probe.At >= startSentAt, $"a probe came at {probe.At:O}, before start was sent at {startSentAt:O}"));
        Assert.NotEmpty(echo.Received);
        Assert.Equal(2, server.Connections.Count);
        Assert.Empty(records.OfType<ScaledRecord>());
        Assert.StartsWith("testbed-client: ignored \"start\"", client.Errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stop_before_start_sends_nothing_and_exits_0()
    {
        await using var server = LineServer.Start(new IPEndPoint(IPAddress.Loopback, 0), "vm-a", TimeSpan.Zero);
        await using var echo = EchoServer.Start(new IPEndPoint(IPAddress.Loopback, 0));
        await using var client = ClientProcess.Start(LaunchArguments.For(IPAddress.Loopback, server.Endpoint.Port, echo.Endpoint.Port, users: 2, rate: 50), start: false);

        await client.WaitForAsync("the ready record", records => records.OfType<ReadyRecord>().Any());
        Assert.Equal(0, await client.StopAsync());

        Assert.IsType<ReadyRecord>(Assert.Single(client.Records));
        Assert.Empty(server.Connections);
        Assert.Empty(echo.Received);
        Assert.Empty(client.Errors);
        Assert.Empty(client.Unparsed);
    }

    [Fact]
    public async Task A_site_with_no_loopback_is_not_rehearsed_and_the_client_still_serves_its_run()
    {
        await using var network = await TwoSiteNetwork.CreateAsync();
        await IpRoute.BatchAsync(network.Sites[0], ["link set dev lo down"]);
        var service = TwoSiteNetwork.ServiceAddress;
        await using var server = LineServer.Start(new IPEndPoint(service, ServicePorts.RequestResponse), "vm-a", TimeSpan.Zero, netns: network.Service);
        await using var echo = EchoServer.Start(new IPEndPoint(service, ServicePorts.ProbeEcho), netns: network.Service);
        string[] arguments = ["--group", "players", "--service-address", service.ToString(), "--site", "site-a", "--netns", network.Sites[0], "--users", "2", "--rate", "50", "--size", "64"];
        await using var client = ClientProcess.Start(arguments, netns: network.Sites[0], start: false);

        await client.WaitForAsync("the ready record", records => records.OfType<ReadyRecord>().Any());
        // With its lo down the site has no loopback to rehearse on: the peers cannot bind, or nothing reaches them.
        Assert.StartsWith("testbed-client: no rehearsal on the loopback of site-a's namespace", Assert.Single(client.Errors), StringComparison.Ordinal);
        Assert.Empty(server.Connections);

        await client.SendAsync("start");
        await client.WaitForAsync("ten answers", records => records.Answered().Count >= 10);
        Assert.Equal(0, await client.StopAsync());
        Assert.All(client.Records.Requests(), r => Assert.Equal(RequestOutcome.Ok, r.Outcome));
        Assert.NotEmpty(echo.Received);
    }
}
