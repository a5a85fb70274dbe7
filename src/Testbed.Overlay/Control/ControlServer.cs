using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Testbed.Overlay.Control;

/// <summary>
/// The router's control socket: a Unix socket, mode 0600, in the run's 0700 sockets folder,
/// so only root on this machine reaches it, and nothing on the emulated network does.
/// One JSON request a line, one JSON response a line; connections are served concurrently.
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly RouterController _controller;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly string _path;

    private ControlServer(string path, Socket listener, RouterController controller)
    {
        _path = path;
        _listener = listener;
        _controller = controller;
        _accepting = AcceptLoopAsync();
    }

    public static ControlServer Start(string path, RouterController controller)
    {
        // A router that crashed left its socket file behind; its successor takes the path over.
        File.Delete(path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(16);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new ControlServer(path, listener, controller);
    }

    private async Task AcceptLoopAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var connection = await _listener.AcceptAsync(_stop.Token);
                connections.RemoveAll(t => t.IsCompleted);
                connections.Add(ServeAsync(connection));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(Socket connection)
    {
        using var socket = connection;
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                ControlResponse response;
                try
                {
                    var request = JsonSerializer.Deserialize<ControlRequest>(line, ControlJson.Options)
                        ?? throw new JsonException("empty request");
                    response = await _controller.HandleAsync(request, _stop.Token);
                }
                catch (JsonException e)
                {
                    response = new ControlResponse { Ok = false, Error = $"bad request: {e.Message}" };
                }

                await writer.WriteLineAsync(JsonSerializer.Serialize(response, ControlJson.Options));
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
            // The client went away, or the router is stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        File.Delete(_path);
        _stop.Dispose();
    }
}
