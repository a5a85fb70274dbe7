using Testbed.Lab.Runs;

namespace Testbed.Lab.Doctor;

/// <summary>
/// Whether QEMU really runs a guest with an accelerator, found by booting the guest kernel
/// with no root file system: reaching "Kernel panic" (it cannot mount root) means the whole
/// kernel ran. A present /dev/kvm proves nothing: on our CI machines SeaBIOS runs under KVM
/// but the kernel then hangs, so only a real kernel boot tells the truth.
/// </summary>
public static class AcceleratorProbe
{
    public const string Qemu = "qemu-system-x86_64";

    /// <summary>The end of a boot that got as far as mounting root.</summary>
    private const string ReachedRootMount = "Kernel panic";

    public static async Task<(bool Works, string Detail)> RunAsync(
        RunDirectory run, string accel, string kernel, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        string[] arguments =
        [
            "-accel", accel,
            .. accel == "kvm" ? (string[])["-cpu", "host"] : [],
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
        var name = $"probe-{accel}";
        await using var qemu = run.StartProcess(name, Qemu, arguments);
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
}
