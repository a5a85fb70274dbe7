using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Testbed.Workload.Protocol;
using Testbed.Workload.Timing;

namespace Testbed.Workload.Probing;

/// <summary>
/// Probes like <see cref="UdpProber"/> (a probe every interval, kept by the monotonic clock),
/// as UDP datagrams to an echo service or as ICMP echoes on a ping socket (the kernel fills
/// in the ICMP identifier and checksum, and hands this socket only its own echo replies),
/// but for a client that runs for a whole experiment and reports as it goes: each probe is
/// handed to the report callback exactly once, when its echo has come or, as lost, once
/// <see cref="LossTimeout"/> has passed without one. The socket is bound and unconnected,
/// and the destination is asked for at each send, so the stream follows an address change
/// when the caller's resolver does.
/// </summary>
/// <remarks>
/// One thread does it all, and wakes once a probe: it sends, then takes the echoes that have
/// come since the last send. Each echo carries the instant the kernel received it
/// (<see cref="TimestampedReceive"/>), so a round trip ends when the network delivered the
/// echo, not when this thread woke to read it; a thread of its own for echoes would cost a
/// wake-up for each, and add its lateness to every round trip. Once sending stops, the thread
/// waits for the echoes still in flight, waking as each comes.
/// </remarks>
public sealed class ContinuousProber : IDisposable
{
    /// <summary>How long a probe may wait for its echo before it counts as lost.</summary>
    public static readonly TimeSpan LossTimeout = TimeSpan.FromSeconds(1);

    private const ulong SocketToken = 0;
    private const int IcmpHeaderSize = 8;
    private const byte IcmpEchoRequest = 8;
    private const byte IcmpEchoReply = 0;

    private readonly Socket _socket;
    private readonly Func<EndPoint> _destination;
    private readonly TimeSpan _interval;
    private readonly Action<ProbeOutcome> _report;
    private readonly ProbeProtocol _protocol;
    private readonly Lock _lock = new();
    /// <summary>Each probe in flight: the instant it was due to leave, and when it did; only the stream's thread touches it.</summary>
    private readonly Dictionary<ulong, (long Scheduled, long Sent)> _unanswered = [];
    private readonly Queue<ulong> _inSendingOrder = new();
    private readonly byte[] _echo = new byte[64];
    private readonly PreciseTimer _timer = new();
    private volatile bool _stopRequested;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _sendingEnded = new();
    private ulong _nextSequence;

    /// <param name="boundSocket">
    /// A UDP socket, or for <see cref="ProbeProtocol.Icmp"/> a ping socket (datagram, ICMP),
    /// bound and not connected; the stream owns it and closes it when done.
    /// </param>
    /// <param name="destination">Where to send each probe; asked at every send.</param>
    /// <param name="firstSequence">The first probe's sequence number, so that a stream that replaces an earlier one continues its numbering.</param>
    /// <param name="report">Called once per probe, from the stream's thread; it must not throw.</param>
    public ContinuousProber(
        Socket boundSocket, Func<EndPoint> destination, TimeSpan interval, ulong firstSequence, Action<ProbeOutcome> report, ProbeProtocol protocol = ProbeProtocol.Udp)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _protocol = protocol;
        _socket = boundSocket;
        _destination = destination;
        _interval = interval;
        _nextSequence = firstSequence;
        _report = report;
        TimestampedReceive.Enable(_socket);
        _thread = new Thread(Run) { IsBackground = true, Name = "probe stream" };
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

    public void Start() => _thread.Start();

    /// <summary>Sends no more probes; those in flight are still reported (see <see cref="Completion"/>).</summary>
    public void StopSending()
    {
        _stopRequested = true;
        _timer.Interrupt();
        if (_thread.IsAlive)
        {
            _sendingEnded.Wait();
        }
    }

    /// <summary>Stops sending and waits until every probe sent has been reported, at most <see cref="LossTimeout"/> after the last.</summary>
    public void Dispose()
    {
        StopSending();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }
        else
        {
            _socket.Dispose();
        }

        _timer.Dispose();
        _sendingEnded.Dispose();
    }

    private void Run()
    {
        PreciseTimer.TuneCallingThread();
        try
        {
            SendUntilStopped();
        }
        finally
        {
            _sendingEnded.Set();
        }

        AwaitLastEchoes();
        _socket.Dispose();
        _completion.TrySetResult();
    }

    private void SendUntilStopped()
    {
        var header = _protocol == ProbeProtocol.Icmp ? IcmpHeaderSize : 0;
        var packet = new byte[header + ProbePacket.Size];
        if (header > 0)
        {
            packet[0] = IcmpEchoRequest;
        }
        var start = Stopwatch.GetTimestamp();
        for (long slot = 0; !_stopRequested; slot++)
        {
            var scheduled = PreciseTimer.After(start, _interval * slot);
            if (!_timer.WaitUntil(scheduled))
            {
                return;
            }

            var sentAt = Stopwatch.GetTimestamp();
            ulong sequence;
            lock (_lock)
            {
                sequence = _nextSequence++;
            }

            // Known before it leaves, so that even an instant echo finds it.
            _unanswered.Add(sequence, (scheduled, sentAt));
            _inSendingOrder.Enqueue(sequence);
            if (header > 0)
            {
                // The ICMP sequence is for tools that watch the wire; the probe's own is in the payload.
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), (ushort)sequence);
            }

            new ProbePacket(sequence, sentAt).Write(packet.AsSpan(header));
            try
            {
                _socket.SendTo(packet, _destination());
            }
            catch (SocketException)
            {
                // No route, or an error left by an earlier send: this probe is lost, as a
                // user's packet would be, and is reported so once its time is up.
            }

            TakeEchoes();
            ReportLosses(Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Waits for the echoes still in flight, each until its loss timeout.</summary>
    private void AwaitLastEchoes()
    {
        _timer.Watch((int)_socket.Handle, SocketToken);
        Span<ulong> ready = stackalloc ulong[1];
        while (true)
        {
            TakeEchoes();
            ReportLosses(Stopwatch.GetTimestamp());
            if (!_inSendingOrder.TryPeek(out var oldest))
            {
                return;
            }

            // Woken by an echo, by the oldest probe's time running out, or by nothing (an interrupt): each is looked at again.
            _ = _timer.Wait(PreciseTimer.After(_unanswered[oldest].Sent, LossTimeout), ready, out _);
        }
    }

    /// <summary>Reports every echo waiting, with the round trip up to when the kernel received it.</summary>
    private void TakeEchoes()
    {
        while (true)
        {
            int length;
            long arrived;
            try
            {
                if (!TimestampedReceive.TryReceive(_socket, _echo, out length, out arrived))
                {
                    return;
                }
            }
            catch (IOException)
            {
                // An ICMP error a probe drew: that probe is reported lost once its time is up.
                continue;
            }

            // A duplicate, or the echo of a probe already reported lost, is not a second record.
            // An echo that came after the loss timeout is a loss, however soon it was read.
            if (ProbePacket.TryRead(Payload(length), out var echo) && _unanswered.Remove(echo.Sequence, out var probe))
            {
                // From when it was due, so a late send counts; from when it left, if that was early
                // (by the timer's few µs). A kernel's echo on a veth comes back within µs, as close
                // as the kernel stamp's conversion to this clock is exact: it ends no earlier than
                // the probe left, so a round trip is never negative.
                TimeSpan? roundTrip = Stopwatch.GetElapsedTime(probe.Sent, arrived) < LossTimeout
                    ? Stopwatch.GetElapsedTime(Math.Min(probe.Scheduled, probe.Sent), Math.Max(arrived, probe.Sent))
                    : null;
                _report(new ProbeOutcome(echo.Sequence, probe.Scheduled, roundTrip, Stopwatch.GetElapsedTime(probe.Scheduled, probe.Sent)));
            }
        }
    }

    /// <summary>The probe inside an echo: the whole datagram under UDP, what follows an ICMP echo reply's header under ICMP; empty for anything else.</summary>
    private ReadOnlySpan<byte> Payload(int length) => _protocol switch
    {
        ProbeProtocol.Icmp when length > IcmpHeaderSize && _echo[0] == IcmpEchoReply => _echo.AsSpan(IcmpHeaderSize, length - IcmpHeaderSize),
        ProbeProtocol.Icmp => [],
        _ => _echo.AsSpan(0, length),
    };

    /// <summary>Reports the probes whose time is up, oldest first.</summary>
    private void ReportLosses(long now)
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
                _report(new ProbeOutcome(oldest, probe.Scheduled, null, Stopwatch.GetElapsedTime(probe.Scheduled, probe.Sent)));
            }
            else
            {
                return;
            }
        }
    }
}
