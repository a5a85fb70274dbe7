using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using Testbed.Client.Output;
using Testbed.Client.Sites;
using Testbed.Workload.Clients;

namespace Testbed.Client.Load;

/// <summary>
/// A user's established connection, carrying its requests one after the other. The service
/// answers a connection's lines in order, so the answer read next always belongs to the
/// oldest outstanding request, and requests queue behind a slow one as they would for a
/// real user. The first failure (end of stream, reset, a request past its deadline, an
/// answer that is not a reply) ends the connection: every outstanding request gets that
/// outcome and a broken record is written. A retired connection (the user moved, left, or
/// the run ends) takes no new requests and closes quietly once its last answer is in.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "It ends by itself: the timer and the socket are released when it fails or, retired, has drained; a Dispose from outside would drop outstanding requests' records.")]
internal sealed class PersistentConnection
{
    private readonly Socket _socket;
    private readonly int _user;
    private readonly LoadContext _context;
    private readonly Lock _lock = new();
    private readonly Queue<PlannedRequest> _outstanding = new();
    private readonly Timer _deadline;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _retired;
    private bool _ended;

    private PersistentConnection(Socket connectedSocket, SiteLocation location, int user, LoadContext context)
    {
        _socket = connectedSocket;
        Location = location;
        _user = user;
        _context = context;
        _deadline = new Timer(_ => OnDeadline(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public SiteLocation Location { get; }

    /// <summary>Completes when the connection is closed, after a failure or once retired and drained.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Starts reading answers on an established connection.</summary>
    public static PersistentConnection Start(Socket connectedSocket, SiteLocation location, int user, LoadContext context)
    {
        var connection = new PersistentConnection(connectedSocket, location, user, context);
        _ = connection.ReadAnswersAsync();
        return connection;
    }

    /// <summary>
    /// Sends the request unless the connection has ended or retired (false: use another).
    /// Once it returned true, the request's outcome is this connection's to record.
    /// </summary>
    public async Task<bool> TrySendAsync(PlannedRequest request)
    {
        lock (_lock)
        {
            if (_ended || _retired)
            {
                return false;
            }

            // A request that opened this connection left with its handshake.
            request = request.SentTimestamp is null ? request.SentNow() : request;
            _outstanding.Enqueue(request);
            if (_outstanding.Count == 1)
            {
                ArmDeadline(request);
            }
        }

        try
        {
            await _socket.SendAsync(_context.RequestLineBytes, SocketFlags.None);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Disposed: the connection already ended, and that ending recorded this request.
            End(ConnectionFailure.Of(e));
        }

        return true;
    }

    /// <summary>Takes no more requests, and closes once every outstanding one is answered or has failed.</summary>
    public void Retire()
    {
        lock (_lock)
        {
            _retired = true;
            if (_outstanding.Count == 0)
            {
                CloseQuietlyHoldingLock();
            }
        }
    }

    private async Task ReadAnswersAsync()
    {
        try
        {
            using var reader = new StreamReader(new NetworkStream(_socket, ownsSocket: false));
            while (true)
            {
                var line = await reader.ReadLineAsync();
                var answeredAt = Stopwatch.GetTimestamp();
                if (line is null)
                {
                    End(ConnectionFailure.ClosedByService);
                    return;
                }

                PlannedRequest request;
                lock (_lock)
                {
                    if (_ended)
                    {
                        return;
                    }

                    if (!_outstanding.TryDequeue(out request))
                    {
                        // An answer nobody asked for: the pairing of answers to requests is lost.
                        break;
                    }

                    if (_outstanding.TryPeek(out var next))
                    {
                        ArmDeadline(next);
                    }
                    else
                    {
                        _deadline.Change(Timeout.Infinite, Timeout.Infinite);
                    }
                }

                if (!LoadContext.TryReadReply(line, out var reply))
                {
                    _context.Failed(request, _user, ConnectionFailure.NotAReply.Outcome);
                    break;
                }

                _context.Answered(request, _user, reply, answeredAt);
                lock (_lock)
                {
                    if (_retired && _outstanding.Count == 0)
                    {
                        CloseQuietlyHoldingLock();
                        return;
                    }
                }
            }

            End(ConnectionFailure.NotAReply);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // After a quiet close or an earlier failure this finds the connection ended and does nothing.
            End(ConnectionFailure.Of(e));
        }
        catch (Exception e)
        {
            ClientLog.Warn($"user {_user}: reading answers failed: {e}");
            End(ConnectionFailure.Other);
        }
    }

    private void OnDeadline()
    {
        lock (_lock)
        {
            // The timer can fire a little early, or for a request answered meanwhile.
            if (_ended || !_outstanding.TryPeek(out var oldest) || Stopwatch.GetTimestamp() < oldest.DeadlineTimestamp)
            {
                if (!_ended && _outstanding.TryPeek(out oldest))
                {
                    ArmDeadline(oldest);
                }

                return;
            }
        }

        End(ConnectionFailure.TimedOut);
    }

    /// <summary>The connection failed: every outstanding request fails with it, and the break is recorded. Only the first call counts.</summary>
    private void End(ConnectionFailure failure)
    {
        PlannedRequest[] lost;
        lock (_lock)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            lost = [.. _outstanding];
            _outstanding.Clear();
        }

        foreach (var request in lost)
        {
            _context.Failed(request, _user, failure.Outcome);
        }

        _context.Broken(_user, Location, failure.Reason);
        Release();
    }

    private void CloseQuietlyHoldingLock()
    {
        if (!_ended)
        {
            _ended = true;
            Release();
        }
    }

    private void Release()
    {
        _deadline.Dispose();
        _socket.Dispose();
        _closed.TrySetResult();
    }

    private void ArmDeadline(PlannedRequest request)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), request.DeadlineTimestamp);
        _deadline.Change((long)Math.Ceiling(Math.Max(0, remaining.TotalMilliseconds)), Timeout.Infinite);
    }
}
