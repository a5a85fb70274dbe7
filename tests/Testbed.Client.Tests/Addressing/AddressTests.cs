using System.Net;
using System.Net.Sockets;
using Testbed.Client.Tests.Support;
using Testbed.Workload.Records;

namespace Testbed.Client.Tests.Addressing;

public sealed class AddressTests
{
    private static readonly IPAddress OldAddress = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress NewAddress = IPAddress.Parse("127.0.0.3");
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_new_address_is_used_once_the_cached_one_has_expired()
    {
        var (oldServer, newServer) = await StartOnOnePortAsync(
            (address, port) => LineServer.Start(new IPEndPoint(address, port), address.Equals(OldAddress) ? "vm-old" : "vm-new", TimeSpan.Zero), server => server.Endpoint.Port);
        await using var oldService = oldServer;
        await using var newService = newServer;
        var (oldEchoServer, newEchoServer) = await StartOnOnePortAsync((address, port) => EchoServer.Start(new IPEndPoint(address, port)), server => server.Endpoint.Port);
        await using var oldEcho = oldEchoServer;
        await using var newEcho = newEchoServer;
        await using var client = ClientProcess.Start([
            .. LaunchArguments.For(OldAddress, oldService.Endpoint.Port, oldEcho.Endpoint.Port, users: 2, rate: 50), "--fresh", "--ttl-ms", "2000"]);
        var ttl = RecordQueries.Microseconds(Ttl);
        var margin = RecordQueries.Microseconds(TimeSpan.FromMilliseconds(500));

        // Every user has looked the old address up (at its first request) before the change.
        await client.WaitForAsync("three answers per user", records => records.Answered().GroupBy(r => r.User).Count(user => user.Count() >= 3) == 2);
        var published = RecordQueries.UnixMicroseconds(DateTimeOffset.UtcNow);
        await client.SendAsync($"address {NewAddress}");
        await client.WaitForAsync("answers for a second after the TTL", records => records.Answered().Any(r => r.UnixMicroseconds > published + ttl + (2 * margin)));
        Assert.Equal(0, await client.StopAsync());

        var answered = client.Records.Answered();
        Assert.All(client.Records.Requests(), r => Assert.Equal(RequestOutcome.Ok, r.Outcome));
        Assert.DoesNotContain(answered, r => r.ServedBy == "vm-new" && r.UnixMicroseconds < published - margin);

        // Each user keeps the old address until its cached answer expires, at most a TTL after
        // the change, and at least a good part of one since it looked up just before.
        foreach (var user in answered.GroupBy(r => r.User))
        {
            var firstNew = user.Where(r => r.ServedBy == "vm-new").Min(r => r.UnixMicroseconds);
            Assert.True(firstNew - published >= ttl / 4, $"user {user.Key} used the new address {(firstNew - published) / 1000} ms after it was published, within the TTL");
        }

        Assert.All(answered.Where(r => r.UnixMicroseconds > published + ttl + margin), r => Assert.Equal("vm-new", r.ServedBy));

        // The probe stream caches its lookup the same way.
        Assert.NotEmpty(newEcho.Received);
        Assert.All(oldEcho.Received, r => Assert.True(RecordQueries.UnixMicroseconds(r.At) <= published + ttl + margin, "the old address was still probed after the TTL"));
    }

    /// <summary>Two servers on the same port, one on each address: the client has a single --port for both.</summary>
    private static async Task<(T Old, T New)> StartOnOnePortAsync<T>(Func<IPAddress, int, T> start, Func<T, int> portOf)
        where T : IAsyncDisposable
    {
        for (var attempt = 1; ; attempt++)
        {
            var first = start(OldAddress, 0);
            try
            {
                return (first, start(NewAddress, portOf(first)));
            }
            catch (SocketException) when (attempt < 10)
            {
                // That port is taken on the other address: try another.
                await first.DisposeAsync();
            }
            catch
            {
                await first.DisposeAsync();
                throw;
            }
        }
    }
}
