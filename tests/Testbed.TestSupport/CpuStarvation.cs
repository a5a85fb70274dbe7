using System.Globalization;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.Network.Emulation;

namespace Testbed.TestSupport;

/// <summary>
/// Takes the CPU away from this process's link emulator for a while, as a host whose cores
/// are all taken would: its thread is pinned to one core, where a real-time busy loop runs
/// for the time given (the kernel still leaves other threads 5% of each second). The
/// thread's affinity is given back afterwards, and the loop is the run's tracked process.
/// </summary>
public static class CpuStarvation
{
    private const string EmulatorThread = EmulatedLink.ThreadNamePrefix + "emulator";

    public static async Task OfEmulatorAsync(RunDirectory run, TimeSpan duration)
    {
        var thread = Directory.EnumerateDirectories("/proc/self/task")
            .FirstOrDefault(task => File.ReadAllText(Path.Combine(task, "comm")).Trim() == EmulatorThread)
            ?? throw new InvalidOperationException($"no thread '{EmulatorThread}' in this process: no link has been started");
        var tid = Path.GetFileName(thread);
        var core = (Environment.ProcessorCount - 1).ToString(CultureInfo.InvariantCulture);
        var affinity = (await CommandRunner.RunCheckedAsync("taskset", ["-p", tid])).StandardOutput.Split(':')[^1].Trim();
        await CommandRunner.RunCheckedAsync("taskset", ["-pc", core, tid]);
        try
        {
            await using var busy = run.StartProcess("cpu-starvation", "taskset", ["-c", core, "chrt", "-f", "50", "sh", "-c", "while :; do :; done"]);

            // The length of the starvation is the experiment, not a wait for something to happen.
            await Task.Delay(duration);
        }
        finally
        {
            await CommandRunner.RunCheckedAsync("taskset", ["-p", affinity, tid]);
        }
    }
}
