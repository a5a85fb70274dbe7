using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Testbed.Qemu.Tests.Qmp;

/// <summary>
/// A scripted QMP peer on a Unix socket, for the protocol's edge cases that a real QEMU
/// will not produce on demand: interleavings, cut streams, garbage. The test drives it
/// message by message.
/// </summary>
internal sealed class FakeQmpServer : IAsyncDisposable
{
    public const string Greeting = """{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "Debian 1:7.2+dfsg-7"}, "capabilities": ["oob"]}}""";

    private readonly string _directory = Directory.CreateTempSubdirectory("qmp-").FullName;
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private Socket? _peer;
    private StreamReader? _reader;
    private NetworkStream? _stream;

    public FakeQmpServer()
    {
        SocketPath = Path.Combine(_directory, "qmp.sock");
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(1);
    }

    public string SocketPath { get; }

    /// <summary>Accepts the client and sends <paramref name="greeting"/>.</summary>
    public async Task AcceptAsync(string greeting = Greeting)
    {
        _peer = await _listener.AcceptAsync();
        _stream = new NetworkStream(_peer, ownsSocket: false);
        _reader = new StreamReader(_stream, Encoding.UTF8);
        await SendAsync(greeting);
    }

    /// <summary>Accepts, greets, and answers the capabilities negotiation, as QEMU does.</summary>
    public async Task AcceptAndNegotiateAsync()
    {
        await AcceptAsync();
        var negotiation = await ReceiveAsync();
        Assert.Equal("qmp_capabilities", negotiation.GetProperty("execute").GetString());
        await ReplyAsync(negotiation, "{}");
    }

    /// <summary>The next message the client sent.</summary>
    public async Task<JsonElement> ReceiveAsync()
    {
        var line = await _reader!.ReadLineAsync() ?? throw new InvalidOperationException("the client closed the stream");
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    /// <summary>Answers a received command with a "return" value given as JSON text.</summary>
    public Task ReplyAsync(JsonElement command, string returnJson) =>
        SendAsync($$"""{"return": {{returnJson}}, "id": {{command.GetProperty("id").GetRawText()}}}""");

    public Task ReplyErrorAsync(JsonElement command, string errorClass, string description) =>
        SendAsync(JsonSerializer.Serialize(new { error = new { @class = errorClass, desc = description }, id = command.GetProperty("id") }));

    public Task SendEventAsync(string name, string dataJson = "{}") =>
        SendAsync($$"""{"timestamp": {"seconds": 1700000000, "microseconds": 250000}, "event": "{{name}}", "data": {{dataJson}}}""");

    /// <summary>Writes raw text followed by QMP's line end; the test data may be deliberately broken.</summary>
    public Task SendAsync(string line) => SendRawAsync(line + "\r\n");

    public async Task SendRawAsync(string text)
    {
        await _stream!.WriteAsync(Encoding.UTF8.GetBytes(text));
        await _stream.FlushAsync();
    }

    /// <summary>Closes the connection, as QEMU does when it exits.</summary>
    public void Hangup()
    {
        _peer?.Shutdown(SocketShutdown.Both);
        _peer?.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _reader?.Dispose();
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }

        _peer?.Dispose();
        _listener.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
