using System.Net;
using Testbed.Client.Tests.Support;
using Testbed.Workload.Records;

namespace Testbed.Client.Tests.Load;

public sealed class StopTests
{
    public static TheoryData<string> Stops => ["command", "TERM", "INT", "end of input"];

    [Theory]
    [MemberData(nameof(Stops))]
    public async Task Every_way_of_stopping_waits_for_what_is_in_flight_and_exits_0(string how)
    {
        // A service time of 300 ms keeps requests in flight when the stop comes.
        await using var server = LineServer.Start(new IPEndPoint(IPAddress.Loopback, 0), "vm-a", TimeSpan.FromMilliseconds(300));
        await using var echo = EchoServer.Start(new IPEndPoint(IPAddress.Loopback, 0));
        await using var client = ClientProcess.Start([.. LaunchArguments.For(IPAddress.Loopback, server.Endpoint.Port, echo.Endpoint.Port, users: 2, rate: 20), "--fresh"]);

        await client.WaitForAsync("five answers", records => records.Answered().Count >= 5);
        switch (how)
        {
            case "command":
                await client.SendAsync("stop");
                break;
            case "end of input":
                client.CloseInput();
                break;
            default:
                await client.SignalAsync(how);
                break;
        }

        Assert.Equal(0, await client.ExitCodeAsync());
        var records = client.Records;
        Assert.All(records.Requests(), r => Assert.Equal(RequestOutcome.Ok, r.Outcome));
        Assert.Equal(server.Connections.Count, records.Requests().Count);
        var probes = records.Probes();
        ProbeAssert.AnsweredPlausibly(probes, echo);
        Assert.Equal(Enumerable.Range(0, probes.Count).Select(i => (ulong)i), probes.Select(p => p.Sequence).Order());
        Assert.Empty(client.Errors);
    }

    [Fact]
    public async Task An_unknown_or_bad_command_is_reported_and_ignored()
    {
        await using var server = LineServer.Start(new IPEndPoint(IPAddress.Loopback, 0), "vm-a", TimeSpan.Zero);
        await using var client = ClientProcess.Start([.. LaunchArguments.For(IPAddress.Loopback, server.Endpoint.Port, 9, users: 1, rate: 50), "--probe-interval-ms", "0"]);

        await client.WaitForAsync("an answer", records => records.Answered().Count >= 1);
        await client.SendAsync("dance");
        await client.SendAsync("scale many");
        await client.SendAsync("move nowhere tbc-no-such-namespace 0");
        await client.SendAsync("address 10.0.0");
        var before = client.Records.Answered().Count;
        await client.WaitForAsync("more answers after the bad commands", records => records.Answered().Count >= before + 5);
        Assert.Equal(0, await client.StopAsync());

        Assert.Equal(4, client.Errors.Count);
        Assert.All(client.Errors, e => Assert.StartsWith("testbed-client: ignored ", e, StringComparison.Ordinal));
        Assert.Empty(client.Records.OfType<ScaledRecord>());
        Assert.Empty(client.Records.OfType<MovedRecord>());
    }
}
