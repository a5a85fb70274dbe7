using System.Text.RegularExpressions;
using Testbed.Lab.Doctor;
using Testbed.Lab.Machine;
using Testbed.Lab.Runs;

namespace Testbed.Qemu.Host;

/// <summary>
/// Whether QEMU really runs a guest with an accelerator, found by booting the guest kernel
/// with no root file system: reaching "Kernel panic" (it cannot mount root) means the whole
/// kernel ran. A present /dev/kvm proves nothing: on our CI machines SeaBIOS runs under KVM
/// but the kernel then hangs, so only a real kernel boot tells the truth.
/// </summary>
public static partial class AcceleratorProbe
{
    /// <summary>The end of a boot that got as far as mounting root.</summary>
    private const string ReachedRootMount = "Kernel panic";

    /// <summary>A real KVM guest reaches root mount in about a second; one that hangs never does.</summary>
    private static readonly TimeSpan KvmBootTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Under TCG the guest kernel needs about 2 s here; the bound leaves room for a loaded machine.</summary>
    private static readonly TimeSpan TcgBootTimeout = TimeSpan.FromSeconds(60);

    /// <summary>"7.2.22" from "QEMU emulator version 7.2.22 (Debian ...)"; null when QEMU is missing.</summary>
    public static Task<string?> QemuVersionAsync(CancellationToken cancellationToken) =>
        ToolVersions.FirstMatchAsync(QemuHost.Program, ["--version"], QemuVersionPattern(), cancellationToken);

    /// <summary>KVM when a guest kernel really boots under it here, else TCG: the one probe a run or benchmark needs.</summary>
    public static async Task<Accelerator> ChooseAsync(RuntimeRoot root, CancellationToken cancellationToken = default)
    {
        await using var run = RunDirectory.Create(root, $"accel-{Guid.NewGuid():N}"[..14]);
        var kvm = await ProbeAsync(run, Accelerator.Kvm, await QemuVersionAsync(cancellationToken), GuestKernel.Find(), cancellationToken);
        return kvm.Works ? Accelerator.Kvm : Accelerator.Tcg;
    }

    /// <summary>Whether <paramref name="accel"/> boots the guest kernel, or why not, without trying when QEMU, the kernel or /dev/kvm is missing.</summary>
    public static Task<(bool Works, string Detail)> ProbeAsync(
        RunDirectory run, Accelerator accel, string? qemuVersion, string? kernel, CancellationToken cancellationToken = default)
    {
        if (qemuVersion is null)
        {
            return Task.FromResult((false, "QEMU is not installed"));
        }

        if (kernel is null)
        {
            return Task.FromResult((false, "no guest kernel to boot"));
        }

        if (accel == Accelerator.Kvm && !File.Exists("/dev/kvm"))
        {
            return Task.FromResult((false, "/dev/kvm does not exist"));
        }

        return RunAsync(run, accel, kernel, accel == Accelerator.Kvm ? KvmBootTimeout : TcgBootTimeout, cancellationToken);
    }

    public static async Task<(bool Works, string Detail)> RunAsync(
        RunDirectory run, Accelerator accel, string kernel, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        string[] arguments =
        [
            "-accel", accel.Name(),
            .. accel == Accelerator.Kvm ? (string[])["-cpu", "host"] : [],
            "-machine", "q35",
            "-m", "128",
            "-nodefaults",
            "-display", "none",
            "-no-reboot",
            "-serial", "stdio",
            "-kernel", kernel,
            "-append", "console=ttyS0 panic=-1 loglevel=4",
        ];
        var started = DateTime.UtcNow;
        var name = $"probe-{accel.Name()}";
        await using var qemu = run.StartProcess(name, QemuHost.Program, arguments);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await qemu.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"the guest kernel did not finish booting within {timeout.TotalSeconds:0} s (it hangs)");
        }

        var elapsed = DateTime.UtcNow - started;
        var log = await File.ReadAllTextAsync(Path.Combine(run.LogsPath, name + ".log"), cancellationToken);
        if (log.Contains(ReachedRootMount, StringComparison.Ordinal))
        {
            return (true, $"guest kernel booted in {elapsed.TotalSeconds:0.0} s");
        }

        var lastLine = log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";
        return (false, $"QEMU exited with code {qemu.ExitCode} before the kernel booted: {lastLine}");
    }

    [GeneratedRegex(@"QEMU emulator version (\d+(?:\.\d+)+)")]
    private static partial Regex QemuVersionPattern();
}
