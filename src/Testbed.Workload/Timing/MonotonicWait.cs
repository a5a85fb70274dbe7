using System.Diagnostics;

namespace Testbed.Workload.Timing;

/// <summary>
/// Waits for an instant of the monotonic clock (a <see cref="Stopwatch"/> timestamp) to well
/// under a millisecond: a sleep alone wakes a millisecond or more late, so it sleeps until
/// about a millisecond before and spins the rest. The sleep is a wait on a handle, so that
/// whoever owns the waiting thread can end the wait early (to stop it, or because something
/// earlier has to happen first).
/// </summary>
public static class MonotonicWait
{
    private static readonly TimeSpan SpinWindow = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan WakeEarlyBy = TimeSpan.FromMilliseconds(1);

    /// <summary>True once <paramref name="timestamp"/> has come; false as soon as <paramref name="interrupt"/> is signalled.</summary>
    public static bool Until(long timestamp, WaitHandle interrupt)
    {
        while (true)
        {
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
            if (remaining <= TimeSpan.Zero)
            {
                return true;
            }

            if (remaining > SpinWindow)
            {
                if (interrupt.WaitOne(remaining - WakeEarlyBy))
                {
                    return false;
                }
            }
            else
            {
                if (interrupt.WaitOne(0))
                {
                    return false;
                }

                Thread.SpinWait(50);
            }
        }
    }

    /// <summary>The timestamp <paramref name="delay"/> after <paramref name="timestamp"/>.</summary>
    public static long After(long timestamp, TimeSpan delay) =>
        timestamp + (long)(delay.Ticks * (double)Stopwatch.Frequency / TimeSpan.TicksPerSecond);
}
