using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Testbed.Qemu.Qmp;

/// <summary>
/// An async QMP client over a Unix socket. One loop reads the stream: replies complete
/// the request with the same id, events go to every listener that wants them, and a
/// broken or malformed stream fails everything in flight with <see cref="QmpProtocolException"/>.
/// Requests are written as JSON by a writer, never by joining strings.
/// </summary>
public sealed partial class QmpClient : IAsyncDisposable
{
    private static readonly byte[] LineEnd = "\n"u8.ToArray();

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, PendingCommand> _pending = new();
    private readonly List<QmpEventListener> _listeners = [];
    private readonly Lock _listenersLock = new();
    private readonly CancellationTokenSource _closing = new();
    private Task _readLoop = Task.CompletedTask;
    private Exception? _failure;
    private long _lastId;

    private QmpClient(Socket socket, QmpVersion version)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = new StreamReader(_stream, new UTF8Encoding(false));
        Version = version;
    }

    /// <summary>QEMU's version, from its greeting.</summary>
    public QmpVersion Version { get; private set; }

    /// <summary>How long a command may wait for its reply unless the call says otherwise.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Connects, reads the greeting, and leaves capabilities-negotiation mode, so that commands and events flow.</summary>
    public static async Task<QmpClient> ConnectAsync(string socketPath, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        QmpClient? client = null;
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
            client = new QmpClient(socket, new QmpVersion(0, 0, 0, ""));
            client.Version = await client.ReadGreetingAsync(cancellationToken);
            client._readLoop = Task.Run(client.ReadLoopAsync, CancellationToken.None);
            await client.ExecuteAsync("qmp_capabilities", null, cancellationToken);
            return client;
        }
        catch
        {
            if (client is not null)
            {
                await client.DisposeAsync();
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Starts a listener for the named events (all events when none are named). Listen
    /// before the command that causes the event, so that none is missed.
    /// </summary>
    public QmpEventListener Listen(params string[] eventNames)
    {
        var listener = new QmpEventListener(eventNames, Unsubscribe);
        lock (_listenersLock)
        {
            if (_failure is not null)
            {
                listener.Complete(_failure);
            }
            else
            {
                _listeners.Add(listener);
            }
        }

        return listener;
    }

    /// <summary>Sends a command and returns its "return" value. QEMU's refusal is a <see cref="QmpErrorException"/>.</summary>
    public Task<JsonElement> ExecuteAsync(string command, JsonObject? arguments = null, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, arguments, CommandTimeout, cancellationToken);

    /// <summary>Like the other overload, with a reply timeout of its own (a long migrate-incoming, say).</summary>
    public async Task<JsonElement> ExecuteAsync(string command, JsonObject? arguments, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        var id = Interlocked.Increment(ref _lastId);
        var pending = new PendingCommand(command);
        _pending[id] = pending;

        // The stream may have failed between the check above and the registration.
        if (_failure is not null && _pending.TryRemove(id, out _))
        {
            ThrowIfFailed();
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await WriteAsync(Serialize(command, arguments, id), deadline.Token);
            return await pending.Reply.Task.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"QEMU did not answer '{command}' within {timeout.TotalSeconds:0.#} s");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already gone: QEMU exited or closed its end.
        }

        try
        {
            await _readLoop;
        }
        finally
        {
            Fail(new QmpProtocolException("the QMP client was closed"));
            _reader.Dispose();
            await _stream.DisposeAsync();
            _socket.Dispose();
            _writeLock.Dispose();
            _closing.Dispose();
        }
    }

    private static ReadOnlyMemory<byte> Serialize(string command, JsonObject? arguments, long id)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("execute", command);
            if (arguments is not null)
            {
                writer.WritePropertyName("arguments");
                arguments.WriteTo(writer);
            }

            writer.WriteNumber("id", id);
            writer.WriteEndObject();
        }

        buffer.Write(LineEnd);
        return buffer.WrittenMemory;
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _stream.WriteAsync(message, cancellationToken);
        }
        catch (IOException broken)
        {
            Fail(new QmpProtocolException($"the QMP stream broke while sending: {broken.Message}", broken));
            ThrowIfFailed();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<QmpVersion> ReadGreetingAsync(CancellationToken cancellationToken)
    {
        var line = await _reader.ReadLineAsync(cancellationToken)
            ?? throw new QmpProtocolException("the socket closed before QEMU's greeting");
        try
        {
            using var greeting = JsonDocument.Parse(line);
            var version = greeting.RootElement.GetProperty("QMP").GetProperty("version");
            var qemu = version.GetProperty("qemu");
            return new QmpVersion(
                qemu.GetProperty("major").GetInt32(),
                qemu.GetProperty("minor").GetInt32(),
                qemu.GetProperty("micro").GetInt32(),
                version.TryGetProperty("package", out var package) ? package.GetString() ?? "" : "");
        }
        catch (Exception notGreeting) when (notGreeting is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new QmpProtocolException($"expected QEMU's QMP greeting, got: {Excerpt(line)}", notGreeting);
        }
    }

    private async Task ReadLoopAsync()
    {
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(_closing.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (IOException broken)
            {
                Fail(new QmpProtocolException($"the QMP stream broke: {broken.Message}", broken));
                return;
            }

            if (line is null)
            {
                Fail(new QmpProtocolException("QEMU closed the QMP stream"));
                return;
            }

            if (line.Length == 0)
            {
                continue;
            }

            JsonElement message;
            try
            {
                using var document = JsonDocument.Parse(line);
                message = document.RootElement.Clone();
            }
            catch (JsonException malformed)
            {
                // ReadLine hands back the partial last line when the stream ends mid-message.
                Fail(new QmpProtocolException($"malformed QMP message (cut mid-message, or not QMP): {Excerpt(line)}", malformed));
                return;
            }

            if (!Dispatch(message))
            {
                Fail(new QmpProtocolException($"unexpected QMP message: {Excerpt(line)}"));
                return;
            }
        }
    }

    /// <summary>Routes one message; false when it is neither an event nor a reply to a command in flight.</summary>
    private bool Dispatch(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (message.TryGetProperty("event", out var name) && name.ValueKind == JsonValueKind.String)
        {
            Publish(ToEvent(name.GetString()!, message));
            return true;
        }

        if (!message.TryGetProperty("id", out var idElement) || !idElement.TryGetInt64(out var id))
        {
            return false;
        }

        if (!_pending.TryGetValue(id, out var pending))
        {
            // A reply whose caller gave up (timeout or cancellation): nothing waits for it.
            return true;
        }

        if (message.TryGetProperty("return", out var value))
        {
            pending.Reply.TrySetResult(value);
            return true;
        }

        if (message.TryGetProperty("error", out var error))
        {
            pending.Reply.TrySetException(new QmpErrorException(
                pending.Command,
                error.TryGetProperty("class", out var errorClass) ? errorClass.GetString() ?? "" : "",
                error.TryGetProperty("desc", out var description) ? description.GetString() ?? "" : ""));
            return true;
        }

        return false;
    }

    private static QmpEvent ToEvent(string name, JsonElement message)
    {
        var data = message.TryGetProperty("data", out var d) ? d : default;
        var timestamp = DateTimeOffset.UnixEpoch;
        if (message.TryGetProperty("timestamp", out var t)
            && t.TryGetProperty("seconds", out var seconds) && t.TryGetProperty("microseconds", out var microseconds))
        {
            timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds.GetInt64()).AddTicks(microseconds.GetInt64() * 10);
        }

        return new QmpEvent(name, data, timestamp, DateTimeOffset.UtcNow);
    }

    private void Publish(QmpEvent qmpEvent)
    {
        lock (_listenersLock)
        {
            foreach (var listener in _listeners)
            {
                if (listener.Accepts(qmpEvent.Name))
                {
                    listener.Deliver(qmpEvent);
                }
            }
        }
    }

    private void Unsubscribe(QmpEventListener listener)
    {
        lock (_listenersLock)
        {
            _listeners.Remove(listener);
        }
    }

    /// <summary>Records the first failure, and fails every command in flight and every listener with it.</summary>
    private void Fail(QmpProtocolException failure)
    {
        if (Interlocked.CompareExchange(ref _failure, failure, null) is not null)
        {
            return;
        }

        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var pending))
            {
                pending.Reply.TrySetException(failure);
            }
        }

        lock (_listenersLock)
        {
            foreach (var listener in _listeners)
            {
                listener.Complete(failure);
            }

            _listeners.Clear();
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null)
        {
            throw new QmpProtocolException(_failure.Message, _failure);
        }
    }

    private static string Excerpt(string line) => line.Length <= 200 ? line : line[..200] + "...";

    private sealed record PendingCommand(string Command)
    {
        public TaskCompletionSource<JsonElement> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
