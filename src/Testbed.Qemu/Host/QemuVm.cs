using Testbed.Lab.Runs;
using Testbed.Lab.Timing;
using Testbed.Qemu.Qmp;

namespace Testbed.Qemu.Host;

/// <summary>A running QEMU: its tracked process, its QMP connection and its serial log. Disposing quits it, or kills it when it does not quit.</summary>
public sealed class QemuVm : IAsyncDisposable
{
    /// <summary>What testbed-guest prints on the serial console once it serves, and when it gives up.</summary>
    private const string Serving = "testbed-guest: serving";
    private const string Fatal = "testbed-guest: fatal";

    /// <summary>How often the console is read: the guest gives no other sign that it serves.</summary>
    private static readonly TimeSpan ConsolePollInterval = TimeSpan.FromMilliseconds(20);
    private int _disposed;

    internal QemuVm(QemuVmOptions options, TrackedProcess process, QmpClient qmp, string qmpSocket, string serialLog)
    {
        Options = options;
        Process = process;
        Qmp = qmp;
        QmpSocket = qmpSocket;
        SerialLog = serialLog;
    }

    public QemuVmOptions Options { get; }

    public TrackedProcess Process { get; }

    public QmpClient Qmp { get; }

    public string QmpSocket { get; }

    /// <summary>The agent channel's socket, when the VM has one (<see cref="QemuVmOptions.Agent"/>).</summary>
    public string? AgentSocket { get; init; }

    /// <summary>The guest's console (QEMU's standard output and error too).</summary>
    public string SerialLog { get; }

    /// <summary>Waits until the guest says it serves; fails with the console's last line when it dies or the time runs out.</summary>
    public Task WaitUntilServingAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitUntil.TrueAsync(
            async token =>
            {
                var console = File.Exists(SerialLog) ? await File.ReadAllTextAsync(SerialLog, token) : "";
                return console.Contains(Serving, StringComparison.Ordinal)
                    || (console.Contains(Fatal, StringComparison.Ordinal) || Process.HasExited ? throw NotServing(console, timeout) : false);
            },
            timeout, ConsolePollInterval, () => NotServing(File.Exists(SerialLog) ? File.ReadAllText(SerialLog) : "", timeout), cancellationToken: cancellationToken);

    private InvalidOperationException NotServing(string console, TimeSpan timeout)
    {
        var last = console.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no console output";
        return new InvalidOperationException($"guest {Options.Name} is not serving after {timeout.TotalSeconds:0} s{(Process.HasExited ? " (QEMU exited)" : "")}: {last}");
    }

    /// <summary>Quits QEMU (dropping a replica, or ending a run); a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Process.ExpectExit();
        if (!Process.HasExited)
        {
            try
            {
                await Qmp.QuitAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is QmpProtocolException or QmpErrorException or TimeoutException)
            {
                // It is going or gone; the process stop below makes sure.
            }
        }

        await Qmp.DisposeAsync();
        await Process.DisposeAsync();
    }
}
