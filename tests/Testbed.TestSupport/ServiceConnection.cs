using System.Net.Sockets;
using Testbed.Workload.Protocol;

namespace Testbed.TestSupport;

/// <summary>One TCP connection to the guest's request/response service.</summary>
public sealed class ServiceConnection(Socket socket) : IDisposable
{
    private readonly NetworkStream _stream = new(socket, ownsSocket: true);
    private StreamReader? _reader;
    private StreamWriter? _writer;

    /// <summary>Sends one line and reads the answer, within a generous bound.</summary>
    public async Task<string> SendAsync(string line)
    {
        _reader ??= new StreamReader(_stream);
        _writer ??= new StreamWriter(_stream) { AutoFlush = true, NewLine = "\n" };
        await _writer.WriteLineAsync(line);
        return await _reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) ?? throw new IOException("the guest closed the connection");
    }

    public async Task<ServiceReply> RequestAsync()
    {
        var line = await SendAsync("request");
        return ServiceReply.TryParse(line, out var reply) ? reply! : throw new InvalidDataException($"not a reply: {line}");
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _writer?.Dispose();
        _stream.Dispose();
    }
}
