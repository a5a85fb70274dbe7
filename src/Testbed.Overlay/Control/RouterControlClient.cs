using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Testbed.Overlay.Table;

namespace Testbed.Overlay.Control;

/// <summary>
/// The controller's side of one router's control socket. Requests go one at a time. A router
/// on another lab machine is reached through a relay (<see cref="Relayed"/>): the same
/// request lines, carried by whatever joins the machines, to a client of its socket there.
/// </summary>
public sealed class RouterControlClient : IAsyncDisposable
{
    private readonly Socket? _socket;
    private readonly StreamReader? _reader;
    private readonly StreamWriter? _writer;
    private readonly Func<string, CancellationToken, Task<string>>? _relay;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    private RouterControlClient(string router, Socket socket)
    {
        Router = router;
        _socket = socket;
        var stream = new NetworkStream(socket, ownsSocket: false);
        _reader = new StreamReader(stream, Encoding.UTF8);
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
    }

    private RouterControlClient(string router, Func<string, CancellationToken, Task<string>> relay)
    {
        Router = router;
        _relay = relay;
    }

    /// <summary>A router reached through <paramref name="relay"/>, which hands a request line to the router's own host and returns its response line.</summary>
    public static RouterControlClient Relayed(string router, Func<string, CancellationToken, Task<string>> relay) => new(router, relay);

    /// <summary>Whether the router is on another machine, reached through a relay.</summary>
    public bool IsRelayed => _relay is not null;

    /// <summary>The router's name (its data center).</summary>
    public string Router { get; }

    public static async Task<RouterControlClient> ConnectAsync(string router, string socketPath, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
            return new RouterControlClient(router, socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task<ControlResponse> SendAsync(ControlRequest request, CancellationToken cancellationToken = default)
    {
        var line = await ExchangeLineAsync(JsonSerializer.Serialize(request, ControlJson.Options), cancellationToken);
        return JsonSerializer.Deserialize<ControlResponse>(line, ControlJson.Options)
            ?? throw new IOException($"router {Router} sent an empty response");
    }

    /// <summary>One request line out, its response line back, as they are on the socket: what a relay carries.</summary>
    public async Task<string> ExchangeLineAsync(string requestLine, CancellationToken cancellationToken = default)
    {
        if (_relay is not null)
        {
            return await _relay(requestLine, cancellationToken);
        }

        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            await _writer!.WriteLineAsync(requestLine.AsMemory(), cancellationToken);
            return await _reader!.ReadLineAsync(cancellationToken)
                ?? throw new IOException($"router {Router} closed its control socket");
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Sends the request and throws <see cref="RouterRefusedException"/> unless the router accepted it.</summary>
    public async Task<ControlResponse> SendCheckedAsync(ControlRequest request, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(request, cancellationToken);
        return response.Ok ? response : throw new RouterRefusedException(Router, request.Op, response);
    }

    public Task<ControlResponse> ReplaceAsync(LocationEntry entry, CancellationToken cancellationToken = default) =>
        SendCheckedAsync(new ControlRequest { Op = ControlOps.Replace, Entry = entry }, cancellationToken);

    public Task<ControlResponse> AddReplicaAsync(string service, string dataCenter, long epoch, CancellationToken cancellationToken = default) =>
        SendCheckedAsync(new ControlRequest { Op = ControlOps.AddReplica, Service = service, DataCenter = dataCenter, Epoch = epoch }, cancellationToken);

    public Task<ControlResponse> DropReplicaAsync(string service, string dataCenter, long epoch, CancellationToken cancellationToken = default) =>
        SendCheckedAsync(new ControlRequest { Op = ControlOps.DropReplica, Service = service, DataCenter = dataCenter, Epoch = epoch }, cancellationToken);

    public Task<ControlResponse> PrepareAsync(LocationEntry entry, CancellationToken cancellationToken = default) =>
        SendCheckedAsync(new ControlRequest { Op = ControlOps.Prepare, Entry = entry }, cancellationToken);

    public Task<ControlResponse> CommitAsync(string service, long epoch, CancellationToken cancellationToken = default) =>
        SendCheckedAsync(new ControlRequest { Op = ControlOps.Commit, Service = service, Epoch = epoch }, cancellationToken);

    public Task<ControlResponse> AbortAsync(string service, long epoch, CancellationToken cancellationToken = default) =>
        SendAsync(new ControlRequest { Op = ControlOps.Abort, Service = service, Epoch = epoch }, cancellationToken);

    public async Task<IReadOnlyList<LocationEntry>> TableAsync(CancellationToken cancellationToken = default) =>
        (await SendCheckedAsync(new ControlRequest { Op = ControlOps.Table }, cancellationToken)).Entries ?? [];

    public Task<ControlResponse> LoadAsync(IReadOnlyList<LocationEntry> entries, CancellationToken cancellationToken = default) =>
        SendCheckedAsync(new ControlRequest { Op = ControlOps.Load, Entries = entries }, cancellationToken);

    public async Task<CounterReport> CountersAsync(CancellationToken cancellationToken = default) =>
        (await SendCheckedAsync(new ControlRequest { Op = ControlOps.Counters }, cancellationToken)).Counters!;

    public async Task<IReadOnlyDictionary<string, double>> PeersAsync(CancellationToken cancellationToken = default) =>
        (await SendCheckedAsync(new ControlRequest { Op = ControlOps.Peers }, cancellationToken)).PeerRoundTripsMs ?? new Dictionary<string, double>();

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }

        _reader?.Dispose();
        _socket?.Dispose();
        _oneAtATime.Dispose();
    }
}
