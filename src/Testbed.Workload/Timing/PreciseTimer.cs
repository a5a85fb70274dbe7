using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Testbed.Workload.Timing;

/// <summary>
/// Sleeps one thread until an instant of the monotonic clock (a <see cref="Stopwatch"/>
/// timestamp), to tens of microseconds, without spinning: a spinning harness takes the
/// cycles that TCG guests need. The sleep is one epoll_pwait2 call, whose timeout is in
/// nanoseconds and has no timer slack on a tuned thread, set to end at the instant less
/// the wake-up lateness this timer has measured, so that it wakes on time rather than late.
/// The same call watches descriptors (<see cref="Watch"/>), so that one thread can take
/// what arrives and act on time with one system call a wake-up. It returns at most
/// <see cref="EarlyAllowance"/> before the instant, never earlier. Any thread may
/// <see cref="Interrupt"/> the wait (to stop it, or because something earlier has come up).
/// </summary>
/// <remarks>One thread waits on a timer at a time; <see cref="Interrupt"/> is for any.</remarks>
public sealed unsafe class PreciseTimer : IDisposable
{
    /// <summary>How early a wait may end: the precision asked of the kernel's timers, and no more.</summary>
    public static readonly TimeSpan EarlyAllowance = TimeSpan.FromMicroseconds(20);

    /// <summary>The token of the interrupt's eventfd in the epoll set; a watched descriptor may not use it.</summary>
    public const ulong ReservedToken = ulong.MaxValue;

    /// <summary>Never wake earlier than this: one long preemption must not make every later wake-up early.</summary>
    private const long MaxEarlyWakeNs = 300_000;
    private const long NanosecondsPerSecond = 1_000_000_000;
    private const int MaxEventsPerWait = 64;

    private static readonly long EarlyAllowanceNs = (long)EarlyAllowance.TotalNanoseconds;

    private readonly int _epoll;
    private readonly int _interrupt;
    private long _wakeLatenessNs;
    private int _disposed;

    public PreciseTimer()
    {
        _epoll = TimerCalls.EpollCreate(TimerCalls.CloseOnExec);
        _interrupt = TimerCalls.EventFd(0, TimerCalls.CloseOnExec | TimerCalls.NonBlocking);
        var interest = new TimerCalls.EpollEvent { Events = TimerCalls.EpollIn, Data = ReservedToken };
        if (_epoll < 0 || _interrupt < 0 || TimerCalls.EpollControl(_epoll, TimerCalls.EpollAdd, _interrupt, &interest) != 0)
        {
            var error = Marshal.GetLastPInvokeErrorMessage();
            Close();
            throw new InvalidOperationException($"cannot make a timer: {error}");
        }
    }

    /// <summary>Ends every later wait with <see cref="PreciseWake.Readable"/> while <paramref name="fd"/> has something to read, naming it by <paramref name="token"/>.</summary>
    public void Watch(int fd, ulong token)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(token, ReservedToken);
        var interest = new TimerCalls.EpollEvent { Events = TimerCalls.EpollIn, Data = token };
        if (TimerCalls.EpollControl(_epoll, TimerCalls.EpollAdd, fd, &interest) != 0)
        {
            throw new InvalidOperationException($"cannot watch descriptor {fd}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    /// <summary>Stops watching <paramref name="fd"/>; a descriptor closed is forgotten anyway.</summary>
    public void Unwatch(int fd) => _ = TimerCalls.EpollControl(_epoll, TimerCalls.EpollDelete, fd, null);

    /// <summary>
    /// True once <paramref name="timestamp"/> has come (at most <see cref="EarlyAllowance"/>
    /// before it); false as soon as <see cref="Interrupt"/> was called, now or since the last
    /// wait. <see cref="long.MaxValue"/> waits for an interrupt alone.
    /// </summary>
    public bool WaitUntil(long timestamp) => Wait(timestamp, [], out _) == PreciseWake.Due;

    /// <summary>
    /// As <see cref="WaitUntil"/>, and also ends, with <see cref="PreciseWake.Readable"/>, as
    /// soon as a watched descriptor has something to read; the tokens of those ready (as many
    /// as <paramref name="ready"/> holds) are put in it. An interrupt reports none: they are
    /// still ready at the next wait.
    /// </summary>
    public PreciseWake Wait(long timestamp, Span<ulong> ready, out int readyCount)
    {
        var instantNs = timestamp == long.MaxValue ? long.MaxValue : ToNanoseconds(timestamp);
        var capacity = Math.Min(ready.Length + 1, MaxEventsPerWait);
        var events = stackalloc TimerCalls.EpollEvent[capacity];
        readyCount = 0;
        ulong drained;
        while (true)
        {
            var nowNs = NowNanoseconds();
            if (instantNs != long.MaxValue && instantNs - EarlyAllowanceNs <= nowNs)
            {
                return PreciseWake.Due;
            }

            var wakeNs = long.MaxValue;
            TimerCalls.TimeSpec timeout = default;
            if (instantNs != long.MaxValue)
            {
                // Early by the lateness measured so far; when that has passed (this wait was
                // woken early already), at the allowance.
                wakeNs = instantNs - _wakeLatenessNs;
                if (wakeNs <= nowNs)
                {
                    wakeNs = instantNs - EarlyAllowanceNs;
                }

                var sleepNs = wakeNs - nowNs;
                timeout = new TimerCalls.TimeSpec { Seconds = sleepNs / NanosecondsPerSecond, Nanoseconds = sleepNs % NanosecondsPerSecond };
            }

            var count = TimerCalls.EpollWaitPrecise(_epoll, events, capacity, instantNs == long.MaxValue ? null : &timeout, null);
            if (count < 0)
            {
                // Interrupted by a signal: look again.
                continue;
            }

            if (count == 0)
            {
                var lateNs = NowNanoseconds() - wakeNs;
                _wakeLatenessNs = Math.Clamp(_wakeLatenessNs + ((lateNs - _wakeLatenessNs) / 8), 0, MaxEarlyWakeNs);
                continue;
            }

            var interrupted = false;
            for (var i = 0; i < count; i++)
            {
                if (events[i].Data == ReservedToken)
                {
                    _ = TimerCalls.Read(_interrupt, &drained, sizeof(ulong));
                    interrupted = true;
                }
                else if (readyCount < ready.Length)
                {
                    ready[readyCount++] = events[i].Data;
                }
            }

            if (interrupted)
            {
                readyCount = 0;
                return PreciseWake.Interrupted;
            }

            // Even with no room for tokens: a ready descriptor stays ready, and waiting on would spin.
            return PreciseWake.Readable;
        }
    }

    /// <summary>Ends the current wait, or the next one if none is under way, with false.</summary>
    public void Interrupt()
    {
        ulong one = 1;
        _ = TimerCalls.Write(_interrupt, &one, sizeof(ulong));
    }

    /// <summary>
    /// Makes the calling thread a precise timekeeper: no timer slack (the default 50 µs
    /// would show in every poll and sleep), and a higher scheduling priority than the VMs,
    /// whose TCG threads otherwise delay its wake-ups on a busy machine.
    /// </summary>
    public static void TuneCallingThread()
    {
        _ = TimerCalls.Prctl(TimerCalls.PrSetTimerSlack, 1, 0, 0, 0);
        _ = TimerCalls.SetPriority(TimerCalls.PriorityProcess, TimerCalls.GetThreadId(), -10);
    }

    /// <summary>The timestamp <paramref name="delay"/> after <paramref name="timestamp"/>.</summary>
    public static long After(long timestamp, TimeSpan delay) =>
        timestamp + (long)(delay.Ticks * (double)Stopwatch.Frequency / TimeSpan.TicksPerSecond);

    /// <summary>CLOCK_MONOTONIC in nanoseconds: what <see cref="Stopwatch"/> reads on Linux.</summary>
    public static long NowNanoseconds() => ToNanoseconds(Stopwatch.GetTimestamp());

    private static long ToNanoseconds(long timestamp) =>
        Stopwatch.Frequency == 1_000_000_000 ? timestamp : (long)(timestamp * (1e9 / Stopwatch.Frequency));

    private void Close()
    {
        if (_epoll >= 0)
        {
            _ = TimerCalls.Close(_epoll);
        }

        if (_interrupt >= 0)
        {
            _ = TimerCalls.Close(_interrupt);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Close();
        }
    }
}
