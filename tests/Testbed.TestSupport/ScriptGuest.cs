using System.Collections.Concurrent;
using Testbed.Lab.Runs;
using Testbed.Qemu.Image;

namespace Testbed.TestSupport;

/// <summary>
/// Boots a <see cref="ScriptImageBuilder"/> image under TCG with its console on standard
/// output, and returns every line the guest printed once it has powered off. The QEMU
/// process is the run's, tracked by pid file, so a test that fails leaves nothing.
/// </summary>
public static class ScriptGuest
{
    public static async Task<(int ExitStatus, IReadOnlyList<string> Console)> RunAsync(
        RunDirectory run, GuestImage image, int memoryMib, TimeSpan timeout)
    {
        var lines = new ConcurrentQueue<string>();
        await using var qemu = run.StartProcess("script-guest", "qemu-system-x86_64",
        [
            "-accel", "tcg", "-machine", "q35", "-m", memoryMib.ToString(System.Globalization.CultureInfo.InvariantCulture), "-smp", "2",
            "-nodefaults", "-display", "none", "-no-reboot", "-serial", "stdio",
            "-kernel", image.Kernel, "-initrd", image.Initramfs,
            "-append", "console=ttyS0 panic=-1 quiet loglevel=1",
        ], output: line => lines.Enqueue(line.TrimEnd('\r')));
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await qemu.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the script guest did not power off within {timeout.TotalSeconds:0} s; it printed:\n{string.Join('\n', lines.TakeLast(30))}");
        }

        var console = lines.ToList();
        var exit = console.LastOrDefault(l => l.StartsWith(ScriptImageBuilder.ExitMarker, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"the script guest ended without its exit line; it printed:\n{string.Join('\n', console.TakeLast(30))}");
        return (int.Parse(exit[ScriptImageBuilder.ExitMarker.Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture), console);
    }
}
