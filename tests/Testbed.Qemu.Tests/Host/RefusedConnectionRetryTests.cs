using System.Net.Sockets;
using Testbed.Qemu.Host;

namespace Testbed.Qemu.Tests.Host;

/// <summary>QEMU's moment between binding its QMP socket and listening on it, made with a real Unix socket bound and not yet listening.</summary>
public sealed class RefusedConnectionRetryTests : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(1);
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"refused-{Guid.NewGuid():N}.sock");
    private readonly Socket _server = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

    public RefusedConnectionRetryTests() => _server.Bind(new UnixDomainSocketEndPoint(_path));

    [Fact]
    public async Task A_refused_connection_is_tried_again_until_the_socket_listens()
    {
        var attempts = 0;
        using var connected = await RefusedConnectionRetry.ConnectAsync(
            token =>
            {
                // Refused twice by the kernel, then the server listens.
                if (++attempts == 3)
                {
                    _server.Listen();
                }

                return ConnectAsync(token);
            },
            () => true, TimeSpan.FromSeconds(30), Poll, CancellationToken.None);

        Assert.True(connected.Connected);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task A_refusal_once_the_process_has_gone_is_not_tried_again()
    {
        var attempts = 0;
        var error = await Assert.ThrowsAsync<SocketException>(() => RefusedConnectionRetry.ConnectAsync(
            token =>
            {
                attempts++;
                return ConnectAsync(token);
            },
            () => false, TimeSpan.FromSeconds(30), Poll, CancellationToken.None));

        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task A_socket_that_is_not_there_is_not_tried_again()
    {
        var attempts = 0;
        File.Delete(_path);
        var error = await Assert.ThrowsAsync<SocketException>(() => RefusedConnectionRetry.ConnectAsync(
            token =>
            {
                attempts++;
                return ConnectAsync(token);
            },
            () => true, TimeSpan.FromSeconds(30), Poll, CancellationToken.None));

        Assert.NotEqual(SocketError.ConnectionRefused, error.SocketErrorCode);
        Assert.Equal(1, attempts);
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await client.ConnectAsync(new UnixDomainSocketEndPoint(_path), cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _server.Dispose();
        File.Delete(_path);
    }
}
