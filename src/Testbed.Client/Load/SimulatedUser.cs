using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Testbed.Client.Addressing;
using Testbed.Client.Output;
using Testbed.Client.Sites;
using Testbed.Workload.Clients;
using Testbed.Workload.Records;
using Testbed.Workload.Timing;

namespace Testbed.Client.Load;

/// <summary>
/// One user: Poisson arrivals on the scheduler's thread, each handed at once to the user's
/// own sending loop, which never waits for an answer before taking the next request (open
/// loop). The user is at one site at a time; its sockets are made in that site's namespace.
/// It looks the service's address up through its own cache, as one client host would.
/// </summary>
internal sealed class SimulatedUser
{
    private readonly LoadContext _context;
    private readonly MonotonicScheduler _scheduler;
    private readonly PoissonArrivals _arrivals;
    private readonly CachedServiceAddress _address;
    private readonly Channel<UserStep> _steps = Channel.CreateUnbounded<UserStep>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _lock = new();
    private readonly HashSet<Task> _inFlight = [];
    private readonly Task _sending;
    private SiteLocation _location;
    private PersistentConnection? _connection;
    private volatile bool _leaving;

    public SimulatedUser(int index, SiteLocation location, LoadContext context, MonotonicScheduler scheduler)
    {
        Index = index;
        _location = location;
        _context = context;
        _scheduler = scheduler;
        _arrivals = new PoissonArrivals(unchecked(context.Options.Seed + index), context.Options.RatePerUserPerSecond);
        _address = new CachedServiceAddress(context.Addresses, context.Options.AddressTtl);
        _sending = Task.Run(SendAsync);
    }

    public int Index { get; }

    public SiteLocation Location
    {
        get
        {
            lock (_lock)
            {
                return _location;
            }
        }
    }

    /// <summary>Starts the arrivals: the first one a random gap after <paramref name="fromTimestamp"/>.</summary>
    public void Start(long fromTimestamp)
    {
        if (_arrivals.Sends)
        {
            _scheduler.At(PreciseTimer.After(fromTimestamp, _arrivals.NextGap()), Arrive);
        }
    }

    /// <summary>
    /// The user is at <paramref name="site"/> from now on; called on the scheduler's thread,
    /// so requests planned before it were queued before it. Its connection from the old site
    /// closes once its outstanding requests are answered (a user closing it, not a break);
    /// its next request connects from the new site.
    /// </summary>
    public void MoveTo(SiteLocation site)
    {
        lock (_lock)
        {
            _location = site;
        }

        _steps.Writer.TryWrite(new MoveStep(site));
    }

    /// <summary>Issues nothing more; completes once every request it issued has its record and its connection is closed.</summary>
    public Task LeaveAsync()
    {
        _leaving = true;
        _steps.Writer.TryComplete();
        return _sending;
    }

    private void Arrive(long due)
    {
        if (_leaving)
        {
            return;
        }

        SiteLocation from;
        lock (_lock)
        {
            from = _location;
        }

        _steps.Writer.TryWrite(new SendStep(_context.Plan(due, from)));
        _scheduler.At(PreciseTimer.After(due, _arrivals.NextGap()), Arrive);
    }

    private async Task SendAsync()
    {
        await foreach (var step in _steps.Reader.ReadAllAsync())
        {
            switch (step)
            {
                case SendStep send:
                    await SendAsync(send.Request);
                    break;
                case MoveStep move:
                    RetireConnection(unlessAt: move.To);
                    break;
            }
        }

        RetireConnection(unlessAt: null);
        Task[] pending;
        lock (_lock)
        {
            pending = [.. _inFlight];
        }

        await Task.WhenAll(pending);
    }

    private async Task SendAsync(PlannedRequest request)
    {
        try
        {
            if (request.TimeLeft() == TimeSpan.Zero)
            {
                // It waited out its whole timeout behind a connection attempt: no point in sending it.
                _context.Failed(request, Index, RequestOutcome.Timeout);
            }
            else if (_context.Options.Mode == ConnectionMode.Fresh)
            {
                Track(FreshExchange.RunAsync(request, Service(), Index, _context));
            }
            else
            {
                await SendPersistentAsync(request);
            }
        }
        catch (Exception e)
        {
            // Whatever went wrong, the request gets its record and the user goes on.
            ClientLog.Warn($"user {Index}: {e}");
            _context.Failed(request, Index, RequestOutcome.Error);
        }
    }

    /// <summary>The user's connection takes no more requests and closes once drained, unless it is from <paramref name="unlessAt"/>.</summary>
    private void RetireConnection(SiteLocation? unlessAt)
    {
        PersistentConnection? connection;
        lock (_lock)
        {
            connection = _connection;
            if (connection is null || connection.Location == unlessAt)
            {
                return;
            }

            _connection = null;
        }

        connection.Retire();
    }

    private async Task SendPersistentAsync(PlannedRequest request)
    {
        PersistentConnection? connection;
        lock (_lock)
        {
            connection = _connection?.Location == request.From ? _connection : null;
        }

        if (connection is not null && await connection.TrySendAsync(request))
        {
            return;
        }

        // The connection there is ended (or, were a request ever planned at another site than
        // the last move's, from elsewhere): it must not linger open beside the new one.
        RetireConnection(unlessAt: null);
        request = request.SentNow();
        connection = await ConnectAsync(request);
        if (connection is null)
        {
            return;
        }

        lock (_lock)
        {
            _connection = connection;
        }

        // Nobody else knows the new connection yet, so it takes the request.
        await connection.TrySendAsync(request);
    }

    /// <summary>A new connection from the request's site; null, with the request's outcome recorded, when it cannot be made in time.</summary>
    private async Task<PersistentConnection?> ConnectAsync(PlannedRequest request)
    {
        Socket socket;
        try
        {
            socket = request.From.CreateSocket(SocketType.Stream, ProtocolType.Tcp);
        }
        catch (InvalidOperationException e)
        {
            ClientLog.Warn($"user {Index}: {e.Message}");
            _context.Failed(request, Index, RequestOutcome.Error);
            return null;
        }

        socket.NoDelay = true;
        using var timeout = new CancellationTokenSource(request.TimeLeft());
        try
        {
            await socket.ConnectAsync(Service(), timeout.Token);
        }
        catch (OperationCanceledException)
        {
            socket.Dispose();
            _context.Failed(request, Index, RequestOutcome.Timeout);
            return null;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            _context.Failed(request, Index, ConnectionFailure.Of(e).Outcome);
            return null;
        }

        var connection = PersistentConnection.Start(socket, request.From, Index, _context);
        Track(connection.Closed);
        return connection;
    }

    private IPEndPoint Service() => new(_address.Resolve(), _context.Options.Port);

    private void Track(Task task)
    {
        lock (_lock)
        {
            _inFlight.Add(task);
        }

        _ = task.ContinueWith(
            done =>
            {
                lock (_lock)
                {
                    _inFlight.Remove(done);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
