using System.Net;
using Testbed.Client.Tests.Support;
using Testbed.Workload.Records;
using Testbed.Workload.Timing;

namespace Testbed.Client.Tests.Load;

public sealed class OpenLoopTests
{
    private static readonly TimeSpan ServiceTime = TimeSpan.FromMilliseconds(5);

    [Fact]
    public async Task Two_persistent_users_at_50_per_second_get_a_Poisson_count_of_answers_on_two_connections_and_every_probe_one_record()
    {
        await using var server = LineServer.Start(new IPEndPoint(IPAddress.Loopback, 0), "vm-a", ServiceTime);
        await using var echo = EchoServer.Start(new IPEndPoint(IPAddress.Loopback, 0));
        await using var client = ClientProcess.Start([.. LaunchArguments.For(IPAddress.Loopback, server.Endpoint.Port, echo.Endpoint.Port, users: 2, rate: 50, size: 100), "--persistent"]);

        await client.WaitForAsync("answers for two seconds", records => records.HasRunFor(TimeSpan.FromSeconds(2)));
        var stopSentAt = RecordQueries.UnixMicroseconds(DateTimeOffset.UtcNow);
        Assert.Equal(0, await client.StopAsync());

        var records = client.Records;
        var started = records.Started();
        Assert.True(records.Ready().UnixMicroseconds <= started.UnixMicroseconds);
        var seconds = (stopSentAt - started.UnixMicroseconds) / 1e6;
        var requests = records.Requests();

        // 2 users × 50/s: a Poisson count with mean 100·t has a standard deviation near 15 here; ±30% is over 4 of them.
        Assert.InRange(requests.Count, 100 * seconds * 0.7, 100 * seconds * 1.3);
        Assert.All(requests, request =>
        {
            Assert.Equal(RequestOutcome.Ok, request.Outcome);
            Assert.Equal("vm-a", request.ServedBy);
            Assert.Equal("site-a", request.Site);
            Assert.True(request.LatencyMicroseconds >= RecordQueries.Microseconds(ServiceTime), $"latency {request.LatencyMicroseconds} µs is below the service time");
            Assert.True(request.UnixMicroseconds > started.UnixMicroseconds);

            // It left, no earlier than the scheduler's timer allows, and its latency, counted from when it was due, holds that lateness.
            Assert.NotNull(request.SendLateMicroseconds);
            Assert.True(request.SendLateMicroseconds >= -(long)Math.Ceiling(PreciseTimer.EarlyAllowance.TotalMicroseconds), $"a request left {-request.SendLateMicroseconds} µs early");
            Assert.True(request.LatencyMicroseconds >= request.SendLateMicroseconds + RecordQueries.Microseconds(ServiceTime),
                $"latency {request.LatencyMicroseconds} µs, yet it left {request.SendLateMicroseconds} µs late for a {ServiceTime.TotalMilliseconds} ms service");
        });
        Assert.Equal([0, 1], requests.Select(r => r.User).Distinct().Order());
        foreach (var user in requests.GroupBy(r => r.User))
        {
            // One connection per user, answered in order: the records of a user come in the order of its schedule.
            Assert.Equal(user.Select(r => r.UnixMicroseconds).Order(), user.Select(r => r.UnixMicroseconds));
        }

        Assert.Equal(2, server.Connections.Count);
        Assert.Equal(requests.Count, server.Served.Count);
        Assert.All(server.Served, served => Assert.Equal(100, served.Bytes));

        var probes = records.Probes();
        Assert.Equal(Enumerable.Range(0, probes.Count).Select(i => (ulong)i), probes.Select(p => p.Sequence).Order());
        Assert.All(probes, probe => Assert.Equal("site-a", probe.Site));
        Assert.InRange(probes.Count, 200 * seconds * 0.8, 200 * seconds * 1.2);
        ProbeAssert.AnsweredPlausibly(probes, echo);

        Assert.Empty(records.OfType<BrokenRecord>());
        Assert.Empty(client.Unparsed);
        Assert.Empty(client.Errors);
    }

    [Fact]
    public async Task Fresh_users_open_one_connection_per_request()
    {
        await using var server = LineServer.Start(new IPEndPoint(IPAddress.Loopback, 0), "vm-a", ServiceTime);
        await using var client = ClientProcess.Start([
            .. LaunchArguments.For(IPAddress.Loopback, server.Endpoint.Port, 9, users: 2, rate: 25, size: 8), "--fresh", "--probe-interval-ms", "0"]);

        await client.WaitForAsync("answers for a second and a half", records => records.HasRunFor(TimeSpan.FromSeconds(1.5)));
        Assert.Equal(0, await client.StopAsync());

        var requests = client.Records.Requests();
        Assert.True(requests.Count >= 20, $"only {requests.Count} requests");
        Assert.All(requests, request => Assert.Equal(RequestOutcome.Ok, request.Outcome));
        Assert.Equal(requests.Count, server.Connections.Count);
        Assert.Equal(requests.Count, server.Served.Count);
        Assert.All(server.Served, served => Assert.Equal(8, served.Bytes));
        Assert.Empty(client.Records.Probes());
    }

    [Fact]
    public async Task The_same_seed_repeats_the_schedule_and_each_user_has_its_own()
    {
        await using var server = LineServer.Start(new IPEndPoint(IPAddress.Loopback, 0), "vm-a", TimeSpan.Zero);

        var first = await ScheduleAsync(server);
        var second = await ScheduleAsync(server);

        Assert.Equal(first[0].Count, second[0].Count);
        Assert.All(first[0].Zip(second[0]), pair => Assert.InRange(pair.Second - pair.First, -2, 2));
        Assert.NotEqual(first[0], first[1]);
    }

    [Fact]
    public async Task Scaling_adds_users_that_connect_and_removes_the_highest_first()
    {
        await using var server = LineServer.Start(new IPEndPoint(IPAddress.Loopback, 0), "vm-a", ServiceTime);
        await using var client = ClientProcess.Start([.. LaunchArguments.For(IPAddress.Loopback, server.Endpoint.Port, 9, users: 1, rate: 50), "--probe-interval-ms", "0"]);

        await client.WaitForAsync("ten answers", records => records.Answered().Count >= 10);
        await client.SendAsync("scale 3");
        await client.WaitForAsync("answers to the new users", records =>
            records.Answered().Count(r => r.User == 1) >= 5 && records.Answered().Count(r => r.User == 2) >= 5);
        await client.SendAsync("scale 1");
        var shrunk = await client.WaitForAsync("ten answers after scaling down", records =>
            records.OfType<ScaledRecord>().Count() == 2
            && records.Answered().Count(r => r.UnixMicroseconds > records.OfType<ScaledRecord>().Last().UnixMicroseconds) >= 10);
        Assert.Equal(0, await client.StopAsync());

        var records = client.Records;
        Assert.Equal([3, 1], records.OfType<ScaledRecord>().Select(s => s.Users));
        var scaledDown = records.OfType<ScaledRecord>().Last().UnixMicroseconds;
        Assert.DoesNotContain(records.Requests(), r => r.User > 0 && r.UnixMicroseconds > scaledDown);
        Assert.All(records.Requests(), request => Assert.Equal(RequestOutcome.Ok, request.Outcome));
        Assert.Equal(3, server.Connections.Count);
        Assert.Empty(records.OfType<BrokenRecord>());
    }

    /// <summary>Each user's first request times, relative to the started record, in microseconds.</summary>
    private static async Task<List<long>[]> ScheduleAsync(LineServer server)
    {
        await using var client = ClientProcess.Start([.. LaunchArguments.For(IPAddress.Loopback, server.Endpoint.Port, 9, users: 2, rate: 100), "--seed", "42", "--probe-interval-ms", "0"]);
        await client.WaitForAsync("fifteen answers per user", records => records.Answered().GroupBy(r => r.User).Count(user => user.Count() >= 15) == 2);
        Assert.Equal(0, await client.StopAsync());
        var started = client.Records.Started().UnixMicroseconds;
        return [.. Enumerable.Range(0, 2).Select(user =>
            client.Records.Requests().Where(r => r.User == user).Select(r => r.UnixMicroseconds - started).Order().Take(15).ToList())];
    }
}
