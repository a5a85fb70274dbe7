using System.Globalization;

namespace Testbed.Lab.Processes;

/// <summary>
/// The CPU time a process or some of its threads have had. A whole process's comes from
/// /proc/PID/stat, in 10 ms ticks, because only that counts the threads that have ended;
/// a thread's from the scheduler's own account (/proc/.../schedstat), to the nanosecond.
/// </summary>
public static class CpuTime
{
    /// <summary>USER_HZ, what /proc/PID/stat and /proc/stat count in on every Linux this runs on.</summary>
    public const double ClockTicksPerSecond = 100;

    /// <summary>The CPU time (user and system) of every thread process <paramref name="pid"/> has had so far, or null once it has gone.</summary>
    public static TimeSpan? OfProcess(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so count from the last ')'.
        // utime and stime are fields 14 and 15, the 12th and 13th after it.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 12
            ? TimeSpan.FromSeconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond)
            : null;
    }

    /// <summary>The CPU time so far of the threads of this process whose name starts with <paramref name="namePrefix"/>.</summary>
    public static TimeSpan OfOwnThreads(string namePrefix)
    {
        var total = TimeSpan.Zero;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith(namePrefix, StringComparison.Ordinal))
                {
                    total += ThreadSchedule.Read(Path.Combine(task, "schedstat"))?.OnCpu ?? TimeSpan.Zero;
                }
            }
            catch (IOException)
            {
                // The thread ended between the listing and the read.
            }
        }

        return total;
    }
}
