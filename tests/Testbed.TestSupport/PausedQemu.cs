using Testbed.Lab.Machine;
using Testbed.Lab.Runs;

namespace Testbed.TestSupport;

/// <summary>
/// Starts QEMU as runs start it (a tracked process of a run, optionally inside a
/// namespace) booting the guest kernel, but paused (-S): it holds its devices and its QMP
/// socket without using a core. Returns once the QMP socket exists.
/// </summary>
public static class PausedQemu
{
    public static async Task<(TrackedProcess Qemu, string QmpSocket)> StartAsync(
        RunDirectory run, string name, string? netns = null, params string[] extraArguments)
    {
        var kernel = GuestKernel.Find() ?? throw new InvalidOperationException("no guest kernel: run 'sudo testbed/provision.sh'");
        var qmp = run.SocketPath(name + ".qmp");
        var qemu = run.StartProcess(name, "qemu-system-x86_64",
        [
            "-accel", "tcg", "-machine", "q35", "-m", "64", "-nodefaults", "-display", "none",
            "-S",
            "-kernel", kernel,
            "-qmp", $"unix:{qmp},server=on,wait=off",
            .. extraArguments,
        ], netns);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!File.Exists(qmp))
        {
            if (qemu.HasExited || DateTime.UtcNow > deadline)
            {
                var log = await File.ReadAllTextAsync(Path.Combine(run.LogsPath, name + ".log"));
                throw new InvalidOperationException($"QEMU did not come up: {log}");
            }

            await Task.Delay(20);
        }

        return (qemu, qmp);
    }
}
