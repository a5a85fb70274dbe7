using System.Buffers;
using System.Collections.Concurrent;

namespace Testbed.Network.Emulation;

/// <summary>
/// One direction of an emulated link: a reader thread takes frames from the sending TAP
/// and asks the scheduler when each leaves; a delivery thread sleeps until that instant
/// and writes the frame to the receiving TAP. Two threads, so that a frame waiting out its
/// delay never holds up the reading of the next.
/// </summary>
internal sealed unsafe class EmulatedDirection : IDisposable
{
    /// <summary>An Ethernet frame at MTU 1500 with headroom; TAP hands over one frame per read.</summary>
    private const int FrameBufferSize = 2048;

    private readonly TapDevice _from;
    private readonly TapDevice _to;
    private readonly int _stopEvent;
    private readonly ConcurrentQueue<(byte[] Frame, int Length, long DepartureNs)> _inFlight = new();
    private readonly SemaphoreSlim _arrivals = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _reader;
    private readonly Thread _deliverer;
    private long _delivered;
    private long _deliveredBytes;
    private long _lateNs;

    public EmulatedDirection(string name, TapDevice from, TapDevice to, LinkShape shape, int seed, int stopEvent)
    {
        Name = name;
        _from = from;
        _to = to;
        _stopEvent = stopEvent;
        Scheduler = new PacketScheduler(shape, seed);
        _reader = new Thread(ReadLoop, 256 * 1024) { IsBackground = true, Name = $"link {name} read" };
        _deliverer = new Thread(DeliverLoop, 256 * 1024) { IsBackground = true, Name = $"link {name} deliver" };
    }

    public string Name { get; }

    public PacketScheduler Scheduler { get; }

    public LinkCounters Counters => new(Interlocked.Read(ref _delivered), Interlocked.Read(ref _deliveredBytes), Scheduler.Dropped, Scheduler.Lost,
        Interlocked.Read(ref _lateNs));

    public void Start()
    {
        _reader.Start();
        _deliverer.Start();
    }

    private void ReadLoop()
    {
        MonotonicClock.TuneCallingThread();
        var polls = stackalloc LinuxIo.PollFd[2];
        polls[0] = new LinuxIo.PollFd { Fd = _from.Descriptor, Events = LinuxIo.PollIn };
        polls[1] = new LinuxIo.PollFd { Fd = _stopEvent, Events = LinuxIo.PollIn };
        while (!_stop.IsCancellationRequested)
        {
            if (LinuxIo.Poll(polls, 2, -1) < 0)
            {
                continue;
            }

            if (polls[1].ReturnedEvents != 0)
            {
                return;
            }

            // Drain what is there: one wake-up can bring a burst.
            while (true)
            {
                var frame = ArrayPool<byte>.Shared.Rent(FrameBufferSize);
                nint length;
                fixed (byte* buffer = frame)
                {
                    length = LinuxIo.Read(_from.Descriptor, buffer, FrameBufferSize);
                }

                if (length <= 0)
                {
                    ArrayPool<byte>.Shared.Return(frame);
                    break;
                }

                if (Scheduler.Admit(MonotonicClock.NowNs(), (int)length) is { } departure)
                {
                    _inFlight.Enqueue((frame, (int)length, departure));
                    _arrivals.Release();
                }
                else
                {
                    ArrayPool<byte>.Shared.Return(frame);
                }
            }
        }
    }

    private void DeliverLoop()
    {
        MonotonicClock.TuneCallingThread();
        try
        {
            while (true)
            {
                _arrivals.Wait(_stop.Token);
                _inFlight.TryDequeue(out var packet);
                if (packet.DepartureNs > MonotonicClock.NowNs())
                {
                    MonotonicClock.SleepUntil(packet.DepartureNs);
                }

                var late = MonotonicClock.NowNs() - packet.DepartureNs;
                fixed (byte* buffer = packet.Frame)
                {
                    // A full receive queue drops the frame, as a real NIC would.
                    if (LinuxIo.Write(_to.Descriptor, buffer, (nuint)packet.Length) == packet.Length)
                    {
                        Interlocked.Increment(ref _delivered);
                        Interlocked.Add(ref _deliveredBytes, packet.Length);
                        Interlocked.Add(ref _lateNs, late);
                    }
                }

                ArrayPool<byte>.Shared.Return(packet.Frame);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _reader.Join();
        _deliverer.Join();
        while (_inFlight.TryDequeue(out var packet))
        {
            ArrayPool<byte>.Shared.Return(packet.Frame);
        }

        _arrivals.Dispose();
        _stop.Dispose();
    }
}
