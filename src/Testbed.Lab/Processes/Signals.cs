using System.Runtime.InteropServices;
using Testbed.Lab.Timing;

namespace Testbed.Lab.Processes;

/// <summary>Sends signals to processes we track by identity, and waits for them to go.</summary>
public static partial class Signals
{
    private const int SigKill = 9;
    private const int SigTerm = 15;

    /// <summary>
    /// Asks the process to stop (SIGTERM, so QEMU and our helpers flush and close cleanly),
    /// and kills it when it has not gone after <paramref name="grace"/>. Returns false when the
    /// process was already gone.
    /// </summary>
    public static async Task<bool> StopAsync(ProcessIdentity process, TimeSpan grace, CancellationToken cancellationToken = default)
    {
        if (!process.IsAlive)
        {
            return false;
        }

        _ = Kill(process.Pid, SigTerm);
        if (await WaitForExitAsync(process, grace, cancellationToken))
        {
            return true;
        }

        if (process.IsAlive)
        {
            _ = Kill(process.Pid, SigKill);
        }

        await WaitForExitAsync(process, TimeSpan.FromSeconds(5), cancellationToken);
        return true;
    }

    /// <summary>Kills at once; for processes that no-one will flush, such as strays left inside a namespace.</summary>
    public static void KillNow(ProcessIdentity process)
    {
        if (process.IsAlive)
        {
            _ = Kill(process.Pid, SigKill);
        }
    }

    /// <summary>Polls /proc until the process is gone (exited or a zombie) or the time is up.</summary>
    public static async Task<bool> WaitForExitAsync(ProcessIdentity process, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var expired = new TimeoutException();
        try
        {
            await WaitUntil.TrueAsync(_ => Task.FromResult(!process.IsAlive), timeout, TimeSpan.FromMilliseconds(20), () => expired, cancellationToken: cancellationToken);
            return true;
        }
        catch (TimeoutException e) when (e == expired)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
