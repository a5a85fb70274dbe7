using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Testbed.Workload.Timing;

/// <summary>
/// Sleeps one thread until an instant of the monotonic clock (a <see cref="Stopwatch"/>
/// timestamp), to tens of microseconds, without spinning: a spinning harness takes the
/// cycles that TCG guests need. The sleep is a timerfd, which has no timer slack, armed at
/// the instant less the wake-up lateness this timer has measured, so that it wakes on
/// time rather than late. It returns at most <see cref="EarlyAllowance"/> before the
/// instant, never earlier. Any thread may <see cref="Interrupt"/> the wait (to stop it, or
/// because something earlier has come up).
/// </summary>
/// <remarks>One thread waits on a timer at a time; <see cref="Interrupt"/> is for any.</remarks>
public sealed unsafe class PreciseTimer : IDisposable
{
    /// <summary>How early a wait may end: the precision asked of the kernel's timers, and no more.</summary>
    public static readonly TimeSpan EarlyAllowance = TimeSpan.FromMicroseconds(20);

    /// <summary>Never wake earlier than this: one long preemption must not make every later wake-up early.</summary>
    private const long MaxEarlyWakeNs = 300_000;

    private static readonly long EarlyAllowanceNs = (long)EarlyAllowance.TotalNanoseconds;

    private readonly int _timer;
    private readonly int _interrupt;
    private long _wakeLatenessNs;

    /// <summary>When the timerfd is set to fire; <see cref="long.MinValue"/> when it has fired or was never set.</summary>
    private long _armedNs = long.MinValue;
    private int _disposed;

    public PreciseTimer()
    {
        _timer = TimerCalls.TimerFdCreate(TimerCalls.ClockMonotonic, TimerCalls.CloseOnExec | TimerCalls.NonBlocking);
        _interrupt = TimerCalls.EventFd(0, TimerCalls.CloseOnExec | TimerCalls.NonBlocking);
        if (_timer < 0 || _interrupt < 0)
        {
            var error = Marshal.GetLastPInvokeErrorMessage();
            Close();
            throw new InvalidOperationException($"cannot make a timer: {error}");
        }
    }

    /// <summary>
    /// True once <paramref name="timestamp"/> has come (at most <see cref="EarlyAllowance"/>
    /// before it); false as soon as <see cref="Interrupt"/> was called, now or since the last
    /// wait. <see cref="long.MaxValue"/> waits for an interrupt alone.
    /// </summary>
    public bool WaitUntil(long timestamp) => Wait(timestamp, -1) == PreciseWake.Due;

    /// <summary>
    /// As <see cref="WaitUntil"/>, and also ends, with <see cref="PreciseWake.Readable"/>, as
    /// soon as <paramref name="readableFd"/> (when not -1) has something to read: one thread
    /// can then both take what arrives and act on time, with one sleep for both.
    /// </summary>
    public PreciseWake Wait(long timestamp, int readableFd)
    {
        var instantNs = timestamp == long.MaxValue ? long.MaxValue : ToNanoseconds(timestamp);
        var polls = stackalloc TimerCalls.PollFd[3];
        polls[0] = new TimerCalls.PollFd { Fd = _interrupt, Events = TimerCalls.PollIn };
        polls[1] = new TimerCalls.PollFd { Fd = readableFd, Events = TimerCalls.PollIn };
        polls[2] = new TimerCalls.PollFd { Fd = _timer, Events = TimerCalls.PollIn };
        ulong drained;
        while (true)
        {
            var nowNs = NowNanoseconds();
            if (instantNs != long.MaxValue && instantNs - EarlyAllowanceNs <= nowNs)
            {
                return PreciseWake.Due;
            }

            long wakeNs = long.MaxValue;
            if (instantNs != long.MaxValue)
            {
                // Early by the lateness measured so far; when that has passed (this wait was
                // woken early already), at the allowance.
                wakeNs = instantNs - _wakeLatenessNs;
                if (wakeNs <= nowNs)
                {
                    wakeNs = instantNs - EarlyAllowanceNs;
                }

                // Setting the timer also clears a past expiry, so a timer that fired is not read.
                if (wakeNs != _armedNs)
                {
                    var spec = new TimerCalls.TimerSpec { Value = new TimerCalls.TimeSpec { Seconds = wakeNs / 1_000_000_000, Nanoseconds = wakeNs % 1_000_000_000 } };
                    _ = TimerCalls.TimerFdSetTime(_timer, TimerCalls.AbsoluteTime, &spec, null);
                    _armedNs = wakeNs;
                }
            }

            // A negative descriptor is one poll leaves out.
            if (TimerCalls.Poll(polls, instantNs == long.MaxValue ? 2u : 3u, -1) < 0)
            {
                // Interrupted by a signal: look again.
                continue;
            }

            var fired = instantNs != long.MaxValue && polls[2].ReturnedEvents != 0;
            if (fired)
            {
                _armedNs = long.MinValue;
            }

            if (polls[0].ReturnedEvents != 0)
            {
                _ = TimerCalls.Read(_interrupt, &drained, sizeof(ulong));
                return PreciseWake.Interrupted;
            }

            if (polls[1].ReturnedEvents != 0)
            {
                return PreciseWake.Readable;
            }

            var lateNs = NowNanoseconds() - wakeNs;
            _wakeLatenessNs = Math.Clamp(_wakeLatenessNs + ((lateNs - _wakeLatenessNs) / 8), 0, MaxEarlyWakeNs);
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
        if (_timer >= 0)
        {
            _ = TimerCalls.Close(_timer);
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
