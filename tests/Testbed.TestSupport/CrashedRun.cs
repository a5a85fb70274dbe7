using Testbed.Lab.Machine;
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
        var kernel = GuestKernel.Find() ?? throw new InvalidOperationException("no guest kernel: run 'sudo testbed/provision.sh'");
        var run = RunDirectory.Create(root, UniqueName.Next("run-"));
        var netns = UniqueName.Next("tbns");
        var bridge = UniqueName.Next("tbbr");
        var tap = UniqueName.Next("tbtp");
        await run.CreateNamespaceAsync(netns);
        await run.CreateBridgeAsync(bridge, netns);
        await run.CreateTapAsync(tap, netns, bridge);

        var qmp = run.SocketPath("qmp.sock");
        var qemu = run.StartProcess("vm-qemu", "qemu-system-x86_64",
        [
            "-accel", "tcg", "-machine", "q35", "-m", "64", "-nodefaults", "-display", "none",
            "-S", // paused: it holds its tap and socket without using a core
            "-kernel", kernel,
            "-netdev", $"tap,id=lan,ifname={tap},script=no,downscript=no",
            "-device", "virtio-net-pci,netdev=lan",
            "-qmp", $"unix:{qmp},server=on,wait=off",
        ], netns);

        // QEMU creates its QMP socket once it is set up; wait for that, bounded.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!File.Exists(qmp))
        {
            if (qemu.HasExited || DateTime.UtcNow > deadline)
            {
                var log = await File.ReadAllTextAsync(Path.Combine(run.LogsPath, "vm-qemu.log"));
                throw new InvalidOperationException($"QEMU did not come up: {log}");
            }

            await Task.Delay(20);
        }

        return new CrashedRun(run.Path, netns, bridge, tap, qemu.Identity!, qmp);
    }
}
