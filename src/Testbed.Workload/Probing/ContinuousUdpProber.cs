using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Testbed.Workload.Protocol;
using Testbed.Workload.Timing;

namespace Testbed.Workload.Probing;

/// <summary>
/// Probes like <see cref="UdpProber"/> (a probe every interval from a thread of its own that
/// keeps time by the monotonic clock), but for a client that runs for a whole experiment and
/// reports as it goes: each probe is handed to the report callback exactly once, when its
/// echo arrives or, as lost, once <see cref="LossTimeout"/> has passed without one. The
/// socket is bound and unconnected, and the destination is asked for at each send, so the
/// stream follows an address change when the caller's resolver does.
/// </summary>
public sealed class ContinuousUdpProber : IDisposable
{
    /// <summary>How long a probe may wait for its echo before it counts as lost.</summary>
    public static readonly TimeSpan LossTimeout = TimeSpan.FromSeconds(1);

    // Short, so that losses are reported within a tenth of a second of falling due even when no echo wakes the receiver.
    private const int ReceivePollMilliseconds = 100;

    private readonly Socket _socket;
    private readonly Func<EndPoint> _destination;
    private readonly TimeSpan _interval;
    private readonly Action<ProbeOutcome> _report;
    private readonly Lock _lock = new();
    /// <summary>Each probe in flight: the instant it was due to leave, and when it did.</summary>
    private readonly Dictionary<ulong, (long Scheduled, long Sent)> _unanswered = [];
    private readonly Queue<ulong> _inSendingOrder = new();
    private readonly PreciseTimer _sendTimer = new();
    private volatile bool _stopRequested;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _sender;
    private readonly Thread _receiver;
    private ulong _nextSequence;
    private bool _sendingEnded;

    /// <param name="boundSocket">A UDP socket, bound and not connected; the stream owns it and closes it when done.</param>
    /// <param name="destination">Where to send each probe; asked at every send.</param>
    /// <param name="firstSequence">The first probe's sequence number, so that a stream that replaces an earlier one continues its numbering.</param>
    /// <param name="report">Called once per probe, from the stream's receiving thread; it must not throw.</param>
    public ContinuousUdpProber(Socket boundSocket, Func<EndPoint> destination, TimeSpan interval, ulong firstSequence, Action<ProbeOutcome> report)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _socket = boundSocket;
        _destination = destination;
        _interval = interval;
        _nextSequence = firstSequence;
        _report = report;
        _socket.ReceiveTimeout = ReceivePollMilliseconds;
        _sender = new Thread(Send) { IsBackground = true, Name = "probe stream sender" };
        _receiver = new Thread(Receive) { IsBackground = true, Name = "probe stream receiver", Priority = ThreadPriority.AboveNormal };
    }

    /// <summary>Completes once sending has stopped and every probe sent has been reported; the socket is closed by then.</summary>
    public Task Completion => _completion.Task;

    /// <summary>The sequence number the next probe would have had; final once <see cref="StopSending"/> has returned.</summary>
    public ulong NextSequence
    {
        get
        {
            lock (_lock)
            {
                return _nextSequence;
            }
        }
    }

    public void Start()
    {
        _receiver.Start();
        _sender.Start();
    }

    /// <summary>Sends no more probes; those in flight are still reported (see <see cref="Completion"/>).</summary>
    public void StopSending()
    {
        _stopRequested = true;
        _sendTimer.Interrupt();
        if (_sender.IsAlive)
        {
            _sender.Join();
        }
    }

    /// <summary>Stops sending and waits until every probe sent has been reported, at most <see cref="LossTimeout"/> and a poll.</summary>
    public void Dispose()
    {
        StopSending();
        if (_receiver.IsAlive)
        {
            _receiver.Join();
        }
        else
        {
            _socket.Dispose();
        }

        _sendTimer.Dispose();
    }

    private void Send()
    {
        PreciseTimer.TuneCallingThread();
        var packet = new byte[ProbePacket.Size];
        var start = Stopwatch.GetTimestamp();
        for (long slot = 0; !_stopRequested; slot++)
        {
            var scheduled = PreciseTimer.After(start, _interval * slot);
            if (!_sendTimer.WaitUntil(scheduled))
            {
                break;
            }

            ulong sequence;
            var sentAt = Stopwatch.GetTimestamp();
            lock (_lock)
            {
                sequence = _nextSequence++;

                // Known before it leaves, so that even an instant echo finds it.
                _unanswered.Add(sequence, (scheduled, sentAt));
                _inSendingOrder.Enqueue(sequence);
            }

            new ProbePacket(sequence, sentAt).Write(packet);
            try
            {
                _socket.SendTo(packet, _destination());
            }
            catch (SocketException)
            {
                // No route, or an error left by an earlier send: this probe is lost, as a
                // user's packet would be, and is reported so once its time is up.
            }
        }

        lock (_lock)
        {
            _sendingEnded = true;
        }
    }

    private void Receive()
    {
        var buffer = new byte[64];
        while (true)
        {
            var length = 0;
            try
            {
                length = _socket.Receive(buffer);
            }
            catch (SocketException)
            {
                // The poll timeout, or an ICMP error: look for losses and go on.
            }

            var now = Stopwatch.GetTimestamp();
            if (ProbePacket.TryRead(buffer.AsSpan(0, length), out var echo))
            {
                (long Scheduled, long Sent)? inFlight = null;
                lock (_lock)
                {
                    if (_unanswered.Remove(echo.Sequence, out var sent))
                    {
                        inFlight = sent;
                    }
                }

                // A duplicate or an echo of a probe already reported lost is not a second record.
                if (inFlight is { } probe)
                {
                    _report(new ProbeOutcome(echo.Sequence, probe.Scheduled, Stopwatch.GetElapsedTime(probe.Scheduled, now), Stopwatch.GetElapsedTime(probe.Scheduled, probe.Sent)));
                }
            }

            if (ReportLosses(now))
            {
                break;
            }
        }

        _socket.Dispose();
        _completion.TrySetResult();
    }

    /// <summary>Reports the probes whose time is up; true once sending has ended and nothing is left in flight.</summary>
    private bool ReportLosses(long now)
    {
        var lost = new List<ProbeOutcome>();
        bool finished;
        lock (_lock)
        {
            while (_inSendingOrder.TryPeek(out var oldest))
            {
                if (!_unanswered.TryGetValue(oldest, out var probe))
                {
                    _inSendingOrder.Dequeue();
                }
                else if (Stopwatch.GetElapsedTime(probe.Sent, now) >= LossTimeout)
                {
                    _inSendingOrder.Dequeue();
                    _unanswered.Remove(oldest);
                    lost.Add(new ProbeOutcome(oldest, probe.Scheduled, null, Stopwatch.GetElapsedTime(probe.Scheduled, probe.Sent)));
                }
                else
                {
                    break;
                }
            }

            finished = _sendingEnded && _unanswered.Count == 0;
        }

        foreach (var outcome in lost)
        {
            _report(outcome);
        }

        return finished;
    }
}
