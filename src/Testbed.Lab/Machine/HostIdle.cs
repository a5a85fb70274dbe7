using System.Globalization;
using Testbed.Lab.Processes;

namespace Testbed.Lab.Machine;

/// <summary>
/// The time the host's cores spent with nothing to run (idle and waiting for I/O), from
/// /proc/stat, summed over every core: over a second, two idle cores make 2 s.
/// </summary>
public static class HostIdle
{
    public static TimeSpan SoFar()
    {
        using var stat = new StreamReader("/proc/stat");
        // "cpu  user nice system idle iowait irq softirq steal ..."
        var fields = (stat.ReadLine() ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 6 || fields[0] != "cpu")
        {
            throw new InvalidDataException("/proc/stat does not begin with the line of all cores");
        }

        var ticks = long.Parse(fields[4], CultureInfo.InvariantCulture) + long.Parse(fields[5], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / CpuTime.ClockTicksPerSecond);
    }
}
