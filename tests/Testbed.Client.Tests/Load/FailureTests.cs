using System.Net;
using System.Net.Sockets;
using Testbed.Client.Tests.Support;
using Testbed.Workload.Records;

namespace Testbed.Client.Tests.Load;

public sealed class FailureTests
{
    [Fact]
    public async Task A_service_that_drops_connections_yields_broken_records_and_the_users_reconnect_and_go_on()
    {
        await using var server = LineServer.Start(new IPEndPoint(IPAddress.Loopback, 0), "vm-a", TimeSpan.FromMilliseconds(2), closeAfterReplies: 10);
        await using var client = ClientProcess.Start([.. LaunchArguments.For(IPAddress.Loopback, server.Endpoint.Port, 9, users: 2, rate: 50), "--probe-interval-ms", "0"]);

        await client.WaitForAsync("twenty answers after the first break", records =>
            records.OfType<BrokenRecord>().FirstOrDefault() is { } first
            && records.Answered().Count(r => r.UnixMicroseconds > first.UnixMicroseconds) >= 20);
        Assert.Equal(0, await client.StopAsync());

        var records = client.Records;
        var broken = records.OfType<BrokenRecord>().ToList();
        Assert.All(broken, b =>
        {
            Assert.Contains(b.Reason, (BrokenReason[])[BrokenReason.Eof, BrokenReason.Reset]);
            Assert.Equal("site-a", b.Site);
        });
        var reconnectedAfterLastBreak = 0;
        foreach (var user in broken.Select(b => b.User).Distinct())
        {
            // Its last break may come just before the stop; its first one was followed by answers.
            var ofUser = broken.Where(b => b.User == user).ToList();
            Assert.Contains(records.Answered(), r => r.User == user && r.UnixMicroseconds > ofUser.Min(b => b.UnixMicroseconds));
            reconnectedAfterLastBreak += records.Answered().Any(r => r.User == user && r.UnixMicroseconds > ofUser.Max(b => b.UnixMicroseconds)) ? 1 : 0;
        }

        // Every broken connection is one the service accepted, and so is each one that answered after a user's last break.
        Assert.True(
            server.Connections.Count >= broken.Count + reconnectedAfterLastBreak,
            $"{server.Connections.Count} connections for {broken.Count} breaks and {reconnectedAfterLastBreak} reconnections after the last");
        Assert.All(records.Requests(), r => Assert.Contains(r.Outcome, (RequestOutcome[])[RequestOutcome.Ok, RequestOutcome.Reset]));
        Assert.True(records.Answered().Count <= server.Served.Count);
    }

    [Fact]
    public async Task Requests_past_their_timeout_time_out_and_break_their_connection()
    {
        await using var server = LineServer.Start(new IPEndPoint(IPAddress.Loopback, 0), "vm-slow", TimeSpan.FromMilliseconds(400));
        await using var client = ClientProcess.Start([
            .. LaunchArguments.For(IPAddress.Loopback, server.Endpoint.Port, 9, users: 1, rate: 20), "--timeout-ms", "100", "--probe-interval-ms", "0"]);

        await client.WaitForAsync("three timeouts that broke connections", records =>
            records.OfType<BrokenRecord>().Count(b => b.Reason == BrokenReason.Timeout) >= 3);
        Assert.Equal(0, await client.StopAsync());

        var records = client.Records;
        Assert.All(records.Requests(), r =>
        {
            Assert.Equal(RequestOutcome.Timeout, r.Outcome);
            Assert.Null(r.LatencyMicroseconds);
            Assert.Null(r.ServedBy);
        });
        Assert.All(records.OfType<BrokenRecord>(), b => Assert.Equal(BrokenReason.Timeout, b.Reason));
        Assert.True(server.Connections.Count >= 3, $"only {server.Connections.Count} connections: the users did not reconnect");
    }

    [Fact]
    public async Task Nothing_listening_means_refused_requests_and_no_broken_connection()
    {
        int unusedPort;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            unusedPort = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        await using var client = ClientProcess.Start([.. LaunchArguments.For(IPAddress.Loopback, unusedPort, 9, users: 1, rate: 50), "--probe-interval-ms", "0"]);

        await client.WaitForAsync("ten requests", records => records.Requests().Count >= 10);
        Assert.Equal(0, await client.StopAsync());

        Assert.All(client.Records.Requests(), r => Assert.Equal(RequestOutcome.Refused, r.Outcome));
        Assert.Empty(client.Records.OfType<BrokenRecord>());
    }
}
