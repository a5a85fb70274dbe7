using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Testbed.Workload.Protocol;
using Testbed.Workload.Timing;

namespace Testbed.Workload.Probing;

/// <summary>
/// Sends a probe every interval on a connected UDP socket and records every echo. Sending
/// runs on a thread of its own that waits for each send time by the monotonic clock, so
/// the interval holds to well under a millisecond (Task.Delay alone drifts by more). Times
/// are wall-clock (anchored once, advanced by the monotonic clock) so they compare with
/// QEMU's event timestamps.
/// </summary>
public sealed class UdpProber : IDisposable
{
    private readonly Socket _socket;
    private readonly TimeSpan _interval;
    private readonly Func<EndPoint>? _destination;
    private readonly DateTimeOffset _anchor = DateTimeOffset.UtcNow;
    private readonly long _anchorTicks = Stopwatch.GetTimestamp();
    private readonly Lock _lock = new();
    private readonly List<DateTimeOffset> _sent = [];
    private readonly Dictionary<ulong, DateTimeOffset> _answered = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _stopReceiving = new();
    private readonly PreciseTimer _sendTimer = new();
    private Thread? _sender;
    private Thread? _receiver;

    public UdpProber(Socket connectedSocket, TimeSpan interval)
    {
        _socket = connectedSocket;
        _interval = interval;
        _socket.ReceiveTimeout = 100;
    }

    /// <summary>
    /// Probes whatever <paramref name="destination"/> names at each send, on a bound but
    /// unconnected socket: a client that resolves the service's name, and so follows an
    /// address change once its resolver learns of it.
    /// </summary>
    public UdpProber(Socket boundSocket, Func<EndPoint> destination, TimeSpan interval)
        : this(boundSocket, interval)
    {
        _destination = destination;
    }

    public void Start()
    {
        _sender = new Thread(Send) { IsBackground = true, Name = "probe sender" };
        _receiver = new Thread(Receive) { IsBackground = true, Name = "probe receiver", Priority = ThreadPriority.AboveNormal };
        _receiver.Start();
        _sender.Start();
    }

    /// <summary>How long echoes still in flight are awaited after the last probe is sent.</summary>
    public static readonly TimeSpan LateEchoGrace = TimeSpan.FromMilliseconds(500);

    /// <summary>Stops sending, gives echoes in flight <see cref="LateEchoGrace"/> to arrive, and returns every probe sent.</summary>
    public IReadOnlyList<ProbeSample> Stop()
    {
        _stop.Cancel();
        _sendTimer.Interrupt();
        _sender?.Join();
        Thread.Sleep(LateEchoGrace);
        _stopReceiving.Cancel();
        _receiver?.Join();
        lock (_lock)
        {
            return [.. _sent.Select((sentAt, i) =>
                new ProbeSample((ulong)i, sentAt, _answered.TryGetValue((ulong)i, out var at) ? at : null))];
        }
    }

    /// <summary>
    /// Waits until a probe sent after <paramref name="instant"/> is answered (service is back
    /// for new requests, not just for probes held in the guest through a pause), or the
    /// timeout passes; true when one was. Lets a caller stop probing only once the gap it
    /// measures has closed.
    /// </summary>
    public async Task<bool> WaitForAnswerAfterAsync(DateTimeOffset instant, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = Now() + timeout;
        while (Now() < deadline)
        {
            lock (_lock)
            {
                var first = _sent.FindIndex(at => at > instant);
                if (first >= 0 && _answered.Keys.Any(sequence => sequence >= (ulong)first))
                {
                    return true;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
        }

        return false;
    }

    public void Dispose()
    {
        if (!_stop.IsCancellationRequested)
        {
            Stop();
        }

        _stop.Dispose();
        _stopReceiving.Dispose();
        _sendTimer.Dispose();
    }

    private DateTimeOffset Now() => _anchor + Stopwatch.GetElapsedTime(_anchorTicks);

    private void Send()
    {
        PreciseTimer.TuneCallingThread();
        var packet = new byte[ProbePacket.Size];
        var start = Stopwatch.GetTimestamp();
        for (ulong sequence = 0; !_stop.IsCancellationRequested; sequence++)
        {
            if (!_sendTimer.WaitUntil(PreciseTimer.After(start, _interval * sequence)))
            {
                break;
            }

            new ProbePacket(sequence, Stopwatch.GetTimestamp()).Write(packet);
            lock (_lock)
            {
                _sent.Add(Now());
            }

            try
            {
                if (_destination is null)
                {
                    _socket.Send(packet);
                }
                else
                {
                    _socket.SendTo(packet, _destination());
                }
            }
            catch (SocketException)
            {
                // No route or an ICMP error from the last send: this probe is lost, as a user's packet would be.
            }
        }
    }

    private void Receive()
    {
        var buffer = new byte[64];
        while (!_stopReceiving.IsCancellationRequested)
        {
            int length;
            try
            {
                length = _socket.Receive(buffer);
            }
            catch (SocketException)
            {
                // The 100 ms receive timeout, or an ICMP error: look at the stop flag and go on.
                continue;
            }

            if (ProbePacket.TryRead(buffer.AsSpan(0, length), out var echo))
            {
                var at = Now();
                lock (_lock)
                {
                    _answered.TryAdd(echo.Sequence, at);
                }
            }
        }
    }
}
