using System.Net;
using System.Net.Sockets;
using Testbed.Lab.Linux;

namespace Testbed.Client.Tests.Support;

/// <summary>The guest's UDP probe echo: every datagram goes back to its sender; it remembers who sent each, and when.</summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<(IPEndPoint From, DateTimeOffset At)> _received = [];
    private readonly Task _echoing;

    private EchoServer(Socket socket)
    {
        _socket = socket;
        _echoing = EchoAsync();
    }

    /// <param name="netns">Listen inside this namespace; null for the tests' own.</param>
    public static EchoServer Start(IPEndPoint endpoint, string? netns = null)
    {
        var socket = netns is null
            ? new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
            : NamespaceSockets.Create(netns, AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(endpoint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new EchoServer(socket);
    }

    public IPEndPoint Endpoint => (IPEndPoint)_socket.LocalEndPoint!;

    public IReadOnlyList<(IPEndPoint From, DateTimeOffset At)> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _echoing;
        _stop.Dispose();
    }

    private async Task EchoAsync()
    {
        var buffer = new byte[2048];
        EndPoint anyone = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, anyone, _stop.Token);
                lock (_lock)
                {
                    _received.Add(((IPEndPoint)received.RemoteEndPoint, DateTimeOffset.UtcNow));
                }

                await _socket.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, received.RemoteEndPoint, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // An ICMP error from an earlier answer: go on echoing.
            }
        }
    }
}
