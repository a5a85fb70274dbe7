using System.Text.Json;
using Testbed.Overlay.Control;

namespace Testbed.Overlay.Tests.Control;

/// <summary>A router on another lab machine, reached through a relay: the lines the relay carries are the socket's own.</summary>
public sealed class RelayedClientTests
{
    [Fact]
    public async Task A_request_goes_out_as_the_socket_s_line_and_the_relayed_answer_is_read_as_the_router_s()
    {
        var carried = new List<string>();
        await using var client = RouterControlClient.Relayed("dc2", (line, _) =>
        {
            carried.Add(line);
            return Task.FromResult("{\"ok\":false,\"error\":\"stale epoch\"}");
        });

        var response = await client.SendAsync(new ControlRequest { Op = ControlOps.Commit, Service = "app", Epoch = 7 });

        Assert.True(client.IsRelayed);
        var sent = Assert.Single(carried);
        var request = JsonSerializer.Deserialize<ControlRequest>(sent, ControlJson.Options)!;
        Assert.Equal((ControlOps.Commit, "app", (long?)7), (request.Op, request.Service, request.Epoch));
        Assert.False(response.Ok);
        Assert.Equal("stale epoch", response.Error);
        var refused = await Assert.ThrowsAsync<RouterRefusedException>(() => client.CommitAsync("app", 7));
        Assert.Contains("dc2", refused.Message, StringComparison.Ordinal);
    }
}
