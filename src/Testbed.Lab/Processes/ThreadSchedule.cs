using System.Globalization;

namespace Testbed.Lab.Processes;

/// <summary>
/// The scheduler's account of the calling thread (/proc/thread-self/schedstat): its time on
/// a CPU, its time runnable but waiting for one, and how many times it was put on one. The
/// waiting time over the count is how late, on average, the thread ran once it could.
/// </summary>
public sealed record ThreadSchedule(TimeSpan OnCpu, TimeSpan Waiting, long Slices)
{
    /// <summary>The calling thread's account, or null where the kernel keeps none.</summary>
    public static ThreadSchedule? OfCallingThread() => Read("/proc/thread-self/schedstat");

    /// <summary>The account in <paramref name="schedstat"/> ("ns on a CPU, ns waiting, slices"), or null once its thread has gone.</summary>
    public static ThreadSchedule? Read(string schedstat)
    {
        try
        {
            var fields = File.ReadAllText(schedstat).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length < 3
                ? null
                : new ThreadSchedule(
                    TimeSpan.FromTicks(long.Parse(fields[0], CultureInfo.InvariantCulture) / 100),
                    TimeSpan.FromTicks(long.Parse(fields[1], CultureInfo.InvariantCulture) / 100),
                    long.Parse(fields[2], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
