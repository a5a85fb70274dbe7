using System.Buffers;
using System.Collections.Concurrent;
using Testbed.Lab.Linux;
using Testbed.Workload.Statistics;
using Testbed.Workload.Timing;

namespace Testbed.Network.Emulation;

/// <summary>
/// One direction of an emulated link: the frames in flight from one TAP to the other, and
/// what became of them. It has no thread: the <see cref="EmulatorLoop"/> reads its frames
/// when they come and writes each when it is due, and only that thread calls it, apart
/// from the counters.
/// </summary>
internal sealed unsafe class EmulatedDirection
{
    /// <summary>A 64 KiB segmentation-offload frame and its virtio-net header.</summary>
    public const int FrameBufferSize = 65536 + VnetHeader.Size;

    /// <summary>Seconds kept for a reader who has not asked: an hour, then the oldest go.</summary>
    private const int MaxSecondsKept = 3600;

    private static readonly long EarlyAllowanceNs = (long)PreciseTimer.EarlyAllowance.TotalNanoseconds;

    private readonly Queue<(byte[] Frame, int Length, long DueNs, int WireBytes, int WireFrames)> _inFlight = new();
    private readonly List<double> _secondLatenessUs = [];
    private readonly ConcurrentQueue<LinkSecond> _seconds = new();
    private long _delivered;
    private long _deliveredWireFrames;
    private long _deliveredBytes;
    private long _lateNs;
    private long _earliestNs = long.MaxValue;
    private long _secondFrames;
    private long _dropsAtSecondStart;

    public EmulatedDirection(string link, string direction, TapDevice from, TapDevice to, LinkShape shape, int seed)
    {
        Link = link;
        Direction = direction;
        From = from;
        To = to;
        Scheduler = new PacketScheduler(shape, seed);
    }

    public string Link { get; }

    /// <summary>"a>b" or "b>a".</summary>
    public string Direction { get; }

    public TapDevice From { get; }

    public TapDevice To { get; }

    public PacketScheduler Scheduler { get; }

    public LinkCounters Counters => new(Interlocked.Read(ref _delivered), Interlocked.Read(ref _deliveredWireFrames), Interlocked.Read(ref _deliveredBytes), Scheduler.Dropped, Scheduler.Lost,
        Interlocked.Read(ref _lateNs), Interlocked.Read(ref _earliestNs) is var earliest && earliest == long.MaxValue ? null : earliest);

    /// <summary>When the oldest frame in flight is due; <see cref="long.MaxValue"/> with none.</summary>
    public long NextDueNs => _inFlight.TryPeek(out var oldest) ? oldest.DueNs : long.MaxValue;

    /// <summary>
    /// Takes every frame waiting: one wake-up can bring a burst. Each is read into the loop's
    /// buffer, big enough for a 64 KiB segment, and kept in one of its own size: a 1500
    /// byte frame in a 128 KiB pooled array would leave the pool empty at once.
    /// </summary>
    public void ReadAll(byte[] readBuffer)
    {
        while (true)
        {
            nint length;
            fixed (byte* buffer = readBuffer)
            {
                length = LinuxIo.Read(From.Descriptor, buffer, FrameBufferSize);
            }

            if (length <= VnetHeader.Size)
            {
                return;
            }

            var received = readBuffer.AsSpan(0, (int)length);
            var (wireBytes, frames) = VnetHeader.OnTheWire(received);
            if (Scheduler.Admit(PreciseTimer.NowNanoseconds(), wireBytes, frames) is { } due)
            {
                var frame = ArrayPool<byte>.Shared.Rent((int)length);
                received.CopyTo(frame);
                _inFlight.Enqueue((frame, (int)length, due, wireBytes, frames));
            }
        }
    }

    /// <summary>Writes every frame due by <paramref name="nowNs"/> (within the early allowance), oldest first.</summary>
    public void DeliverDue(long nowNs)
    {
        while (_inFlight.TryPeek(out var packet) && packet.DueNs - EarlyAllowanceNs <= nowNs)
        {
            _ = _inFlight.Dequeue();
            var lateNs = PreciseTimer.NowNanoseconds() - packet.DueNs;
            fixed (byte* buffer = packet.Frame)
            {
                // A full receive queue drops the frame, as a real NIC would.
                if (LinuxIo.Write(To.Descriptor, buffer, (nuint)packet.Length) == packet.Length)
                {
                    Interlocked.Increment(ref _delivered);
                    Interlocked.Add(ref _deliveredWireFrames, packet.WireFrames);
                    Interlocked.Add(ref _deliveredBytes, packet.WireBytes);
                    Interlocked.Add(ref _lateNs, lateNs);
                    if (lateNs < Interlocked.Read(ref _earliestNs))
                    {
                        Interlocked.Exchange(ref _earliestNs, lateNs);
                    }

                    _secondFrames++;
                    _secondLatenessUs.Add(lateNs / 1000.0);
                }
            }

            ArrayPool<byte>.Shared.Return(packet.Frame);
        }
    }

    /// <summary>Ends the second that ended at <paramref name="endNs"/>: a record of it when anything happened.</summary>
    public void CloseSecond(long endNs, double? wakeDelayUs)
    {
        var drops = Scheduler.Dropped + Scheduler.Lost;
        if (_secondFrames > 0 || drops > _dropsAtSecondStart)
        {
            _secondLatenessUs.Sort();
            double? p50 = _secondLatenessUs.Count == 0 ? null : _secondLatenessUs[NearestRank.Rank(_secondLatenessUs.Count, 0.5)];
            double? p99 = _secondLatenessUs.Count == 0 ? null : _secondLatenessUs[NearestRank.Rank(_secondLatenessUs.Count, 0.99)];
            _seconds.Enqueue(new LinkSecond(Link, Direction, endNs, _secondFrames, drops - _dropsAtSecondStart, p50, p99, wakeDelayUs, Scheduler.Shape.DelayMs));
            while (_seconds.Count > MaxSecondsKept && _seconds.TryDequeue(out _))
            {
            }
        }

        _secondFrames = 0;
        _secondLatenessUs.Clear();
        _dropsAtSecondStart = drops;
    }

    /// <summary>The seconds closed since the last call; from any thread.</summary>
    public IReadOnlyList<LinkSecond> TakeSeconds()
    {
        var taken = new List<LinkSecond>();
        while (_seconds.TryDequeue(out var second))
        {
            taken.Add(second);
        }

        return taken;
    }

    /// <summary>Gives back the buffers of frames still in flight; once the loop no longer serves this direction.</summary>
    public void DropInFlight()
    {
        while (_inFlight.TryDequeue(out var packet))
        {
            ArrayPool<byte>.Shared.Return(packet.Frame);
        }
    }
}
