using System.Net;
using System.Net.Sockets;
using Testbed.Client.Sites;
using Testbed.Workload.Clients;
using Testbed.Workload.Protocol;

namespace Testbed.Client.Hosting;

/// <summary>
/// The service as the rehearsal sees it: on the loopback address of a site's namespace, TCP
/// that answers each request line as the guest does, and a UDP echo. It counts what it
/// served, and <see cref="Served"/> completes once it has answered and echoed enough.
/// </summary>
internal sealed class LoopbackPeers : IAsyncDisposable
{
    private const string ServedBy = "rehearsal";

    private readonly Socket _listener;
    private readonly Socket _echo;
    private readonly int _answersWanted;
    private readonly int _echoesWanted;
    private readonly TaskCompletionSource _served = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _serving = [];
    private readonly Lock _lock = new();
    private int _answers;
    private int _echoes;

    private LoopbackPeers(Socket listener, Socket echo, int answersWanted, int echoesWanted)
    {
        _listener = listener;
        _echo = echo;
        _answersWanted = answersWanted;
        _echoesWanted = echoesWanted;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        ProbePort = ((IPEndPoint)echo.LocalEndPoint!).Port;
        _serving.Add(AcceptAsync());
        _serving.Add(EchoAsync());
    }

    public int Port { get; }

    public int ProbePort { get; }

    /// <summary>Completes once the peers have answered and echoed as many as they were asked to.</summary>
    public Task Served => _served.Task;

    /// <summary>SocketException when the namespace has no loopback address to bind (its lo is down).</summary>
    public static LoopbackPeers Start(SiteLocation site, int answers, int echoes)
    {
        var listener = site.CreateSocket(SocketType.Stream, ProtocolType.Tcp);
        Socket? echo = null;
        try
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen();
            echo = site.CreateSocket(SocketType.Dgram, ProtocolType.Udp);
            echo.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return new LoopbackPeers(listener, echo, answers, echoes);
        }
        catch
        {
            listener.Dispose();
            echo?.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        _echo.Dispose();
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
        try
        {
            while (true)
            {
                var connection = await _listener.AcceptAsync(_stop.Token);
                lock (_lock)
                {
                    _serving.Add(AnswerAsync(connection));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task AnswerAsync(Socket connection)
    {
        try
        {
            await using var stream = new NetworkStream(connection, ownsSocket: true);
            using var reader = new StreamReader(stream);
            await using var writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
            while (await reader.ReadLineAsync(_stop.Token) is not null)
            {
                await writer.WriteLineAsync(new ServiceReply(ServedBy, Interlocked.Increment(ref _answers)).ToLine());
                Check();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The rehearsal is over, or its user closed the connection.
        }
    }

    private async Task EchoAsync()
    {
        var buffer = new byte[2048];
        EndPoint anyone = new IPEndPoint(IPAddress.Any, 0);
        try
        {
            while (true)
            {
                var received = await _echo.ReceiveFromAsync(buffer, SocketFlags.None, anyone, _stop.Token);
                await _echo.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, received.RemoteEndPoint, _stop.Token);
                Interlocked.Increment(ref _echoes);
                Check();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private void Check()
    {
        if (Volatile.Read(ref _answers) >= _answersWanted && Volatile.Read(ref _echoes) >= _echoesWanted)
        {
            _served.TrySetResult();
        }
    }
}
