namespace Testbed.Network.Emulation;

/// <summary>
/// CLOCK_MONOTONIC in nanoseconds, and sleeping until an instant of it. Sleeping to an
/// absolute instant does not accumulate the error of relative sleeps, and with the
/// thread's timer slack at 1 ns the kernel wakes it within tens of microseconds.
/// </summary>
public static unsafe class MonotonicClock
{
    public static long NowNs()
    {
        LinuxIo.TimeSpec now;
        _ = LinuxIo.ClockGetTime(LinuxIo.ClockMonotonic, &now);
        return (now.Seconds * 1_000_000_000) + now.Nanoseconds;
    }

    /// <summary>How late this thread's recent wake-ups were: it asks to be woken that much early.</summary>
    [ThreadStatic]
    private static long s_oversleepNs;

    /// <summary>Never trust an estimate beyond this: a single long preemption must not turn into seconds of spinning.</summary>
    private const long MaxEarlyWakeNs = 500_000;

    /// <summary>
    /// Returns at <paramref name="instantNs"/>, give or take a few microseconds: the kernel
    /// wakes a sleeper tens to hundreds of microseconds late (more in a VM), so the thread
    /// asks to wake by its recent lateness early and spins the rest.
    /// </summary>
    public static void SleepUntil(long instantNs)
    {
        var wakeNs = instantNs - s_oversleepNs;
        if (wakeNs > NowNs())
        {
            var until = new LinuxIo.TimeSpec { Seconds = wakeNs / 1_000_000_000, Nanoseconds = wakeNs % 1_000_000_000 };
            while (LinuxIo.ClockNanosleep(LinuxIo.ClockMonotonic, LinuxIo.TimerAbsolute, &until, null) == LinuxIo.Interrupted)
            {
            }

            var lateNs = NowNs() - wakeNs;
            s_oversleepNs = Math.Clamp(s_oversleepNs + ((lateNs - s_oversleepNs) / 8), 0, MaxEarlyWakeNs);
        }

        while (NowNs() < instantNs)
        {
            Thread.SpinWait(10);
        }
    }

    /// <summary>
    /// Makes the calling thread a precise timekeeper: no timer slack (the default 50 µs
    /// would show in every delay), and a higher scheduling priority than the VMs, whose
    /// TCG threads otherwise delay its wake-ups on a busy machine.
    /// </summary>
    public static void TuneCallingThread()
    {
        _ = LinuxIo.Prctl(LinuxIo.PrSetTimerSlack, 1, 0, 0, 0);
        _ = LinuxIo.SetPriority(LinuxIo.PriorityProcess, LinuxIo.GetThreadId(), -10);
    }
}
