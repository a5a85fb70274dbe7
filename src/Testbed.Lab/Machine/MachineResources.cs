using System.Globalization;

namespace Testbed.Lab.Machine;

/// <summary>CPUs and memory as the kernel reports them.</summary>
public static class MachineResources
{
    public static int Cpus => Environment.ProcessorCount;

    /// <summary>MemTotal from /proc/meminfo, in GiB with one decimal.</summary>
    public static double MemoryGib()
    {
        foreach (var line in File.ReadLines("/proc/meminfo"))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                var kib = double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                return Math.Round(kib / (1024 * 1024), 1);
            }
        }

        throw new InvalidOperationException("/proc/meminfo has no MemTotal line");
    }
}
