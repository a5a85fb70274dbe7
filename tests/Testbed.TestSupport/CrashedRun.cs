using Testbed.Lab.Processes;
using Testbed.Lab.Runs;

namespace Testbed.TestSupport;

/// <summary>
/// A run as a real one starts: a namespace for a data center, a LAN bridge and a tap in
/// it, and QEMU in that namespace on the tap with its QMP socket in the run directory.
/// It is then abandoned, never disposed, as a crash would leave it.
/// </summary>
public sealed record CrashedRun(string RunPath, string Namespace, string Bridge, string Tap, ProcessIdentity Qemu, string QmpSocket)
{
    public static async Task<CrashedRun> StartAsync(RuntimeRoot root)
    {
        var run = RunDirectory.Create(root, UniqueName.Next("run-"));
        var netns = UniqueName.Next("tbns");
        var bridge = UniqueName.Next("tbbr");
        var tap = UniqueName.Next("tbtp");
        await run.CreateNamespaceAsync(netns);
        await run.CreateBridgeAsync(bridge, netns);
        await run.CreateTapAsync(tap, netns, bridge);

        // Abandoned with its QMP connection open, as a crashed testbed would leave it.
        var vm = await PausedQemu.StartAsync(run, "vm-qemu", netns, tap);
        Orphan(run);
        return new CrashedRun(run.Path, netns, bridge, tap, vm.Process.Identity!, vm.QmpSocket);
    }

    /// <summary>Makes the run's owner a process that has died, as after a crash of the `testbed run` that made it.</summary>
    public static void Orphan(RunDirectory run)
    {
        var me = ProcessIdentity.Of(Environment.ProcessId)!;

        // This pid with another start time: a process that had this pid once, and is gone.
        File.WriteAllText(run.OwnerPath, (me with { StartTicks = me.StartTicks - 1 }) + "\n");
    }
}
