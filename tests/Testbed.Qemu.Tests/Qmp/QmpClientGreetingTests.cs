using Testbed.Qemu.Qmp;

namespace Testbed.Qemu.Tests.Qmp;

public sealed class QmpClientGreetingTests
{
    [Fact]
    public async Task A_peer_that_does_not_greet_in_qmp_is_refused()
    {
        await using var server = new FakeQmpServer();
        var accepting = server.AcceptAsync("""{"hello": "I am not QEMU"}""");

        var failure = await Assert.ThrowsAsync<QmpProtocolException>(() => QmpClient.ConnectAsync(server.SocketPath));
        await accepting;

        Assert.Contains("greeting", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_listening_is_a_socket_error_at_once()
    {
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(
            () => QmpClient.ConnectAsync(Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}.sock")));
    }
}
