using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Testbed.Lab.Linux;
using Testbed.Workload.Protocol;

namespace Testbed.Client.Tests.Support;

/// <summary>
/// The guest's request/response service as the tests need it: one line in, one reply line
/// out after the service time, lines of a connection served one at a time. It remembers
/// every connection and every request (where it came from, how long it was), and can close
/// each connection after a number of replies, as a service that drops its clients.
/// </summary>
internal sealed class LineServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string _name;
    private readonly TimeSpan _serviceTime;
    private readonly int? _closeAfterReplies;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<IPEndPoint> _connections = [];
    private readonly List<ServedRequest> _served = [];
    private readonly List<Task> _serving = [];
    private readonly Task _accepting;
    private long _count;

    private LineServer(Socket listener, string name, TimeSpan serviceTime, int? closeAfterReplies)
    {
        _listener = listener;
        _name = name;
        _serviceTime = serviceTime;
        _closeAfterReplies = closeAfterReplies;
        _accepting = AcceptAsync();
    }

    /// <param name="netns">Listen inside this namespace; null for the tests' own.</param>
    public static LineServer Start(IPEndPoint endpoint, string name, TimeSpan serviceTime, int? closeAfterReplies = null, string? netns = null)
    {
        var listener = netns is null
            ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            : NamespaceSockets.Create(netns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endpoint);
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new LineServer(listener, name, serviceTime, closeAfterReplies);
    }

    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>Where each accepted connection came from, in order.</summary>
    public IReadOnlyList<IPEndPoint> Connections
    {
        get
        {
            lock (_lock)
            {
                return [.. _connections];
            }
        }
    }

    public IReadOnlyList<ServedRequest> Served
    {
        get
        {
            lock (_lock)
            {
                return [.. _served];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        Task[] serving;
        lock (_lock)
        {
            serving = [.. _serving];
        }

        await Task.WhenAll(serving);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_lock)
            {
                _connections.Add((IPEndPoint)connection.RemoteEndPoint!);
                _serving.Add(ServeAsync(connection));
            }
        }
    }

    /// <summary>
    /// At least <paramref name="serviceTime"/> by the monotonic clock: the timers behind
    /// Task.Delay count whole milliseconds and can end a fraction of one early, which would
    /// let a correct client measure less than the service time.
    /// </summary>
    private static async Task ServeForAsync(TimeSpan serviceTime, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        for (var left = serviceTime; left > TimeSpan.Zero; left = serviceTime - Stopwatch.GetElapsedTime(start))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)), cancellationToken);
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        using (connection)
        {
            connection.NoDelay = true;
            var from = (IPEndPoint)connection.RemoteEndPoint!;
            try
            {
                using var stream = new NetworkStream(connection, ownsSocket: false);
                using var reader = new StreamReader(stream);
                using var writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
                var replies = 0;
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    await ServeForAsync(_serviceTime, _stop.Token);
                    var count = Interlocked.Increment(ref _count);
                    lock (_lock)
                    {
                        _served.Add(new ServedRequest(from, line.Length + 1, DateTimeOffset.UtcNow));
                    }

                    await writer.WriteLineAsync(new ServiceReply(_name, count).ToLine());
                    if (++replies == _closeAfterReplies)
                    {
                        return;
                    }
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // The client went away, or the test is over.
            }
        }
    }
}
