using System.Net.Sockets;

namespace Testbed.Workload.Protocol;

/// <summary>One TCP connection to the guest's request/response service.</summary>
public sealed class ServiceConnection(Socket socket) : IDisposable
{
    private readonly NetworkStream _stream = new(socket, ownsSocket: true);
    private StreamReader? _reader;
    private StreamWriter? _writer;

    /// <summary>How long an answer may take unless the caller says otherwise: generous, for a guest under TCG.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Sends one line and reads the answer within <paramref name="timeout"/> (a TimeoutException after it).</summary>
    public async Task<string> SendAsync(string line, TimeSpan? timeout = null)
    {
        _reader ??= new StreamReader(_stream);
        _writer ??= new StreamWriter(_stream) { AutoFlush = true, NewLine = "\n" };
        await _writer.WriteLineAsync(line);
        return await _reader.ReadLineAsync().WaitAsync(timeout ?? AnswerTimeout) ?? throw new IOException("the guest closed the connection");
    }

    public async Task<ServiceReply> RequestAsync(TimeSpan? timeout = null)
    {
        var line = await SendAsync("request", timeout);
        return ServiceReply.TryParse(line, out var reply) ? reply! : throw new InvalidDataException($"not a reply: {line}");
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _writer?.Dispose();
        _stream.Dispose();
    }
}
