using System.Diagnostics;
using Testbed.Lab.Processes;

namespace Testbed.Lab.Runs;

/// <summary>
/// A long-lived process of a run (QEMU, testbed-router, testbed-client, a probe), with a
/// pid file in the run directory for as long as it may be running. Disposing it stops it.
/// </summary>
public sealed class TrackedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter? _log;
    private readonly Lock _logLock = new();
    private int _disposed;
    private int _exitExpected;

    internal TrackedProcess(string name, Process process, ProcessIdentity? identity, string pidFile, StreamWriter? log)
    {
        Name = name;
        _process = process;
        Identity = identity;
        PidFile = pidFile;
        _log = log;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    /// <summary>Null when the process had already exited before its start time could be read.</summary>
    public ProcessIdentity? Identity { get; }

    public string PidFile { get; }

    /// <summary>True once the process has ended, and after disposal, which always ends it.</summary>
    public bool HasExited => Volatile.Read(ref _disposed) == 1 || _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Whether the process has been stopped, or told to end by itself: its exit is then no failure.</summary>
    public bool ExitExpected => Volatile.Read(ref _exitExpected) == 1;

    /// <summary>Says that the process is about to end by itself (it was told to), so that its exit is not reported as a failure.</summary>
    public void ExpectExit() => Volatile.Write(ref _exitExpected, 1);

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Writes one line to the process's standard input: how the testbed commands the programs it runs.</summary>
    public async Task SendLineAsync(string line, CancellationToken cancellationToken = default)
    {
        var input = _process.StandardInput;
        await input.WriteLineAsync(line.AsMemory(), cancellationToken);
        await input.FlushAsync(cancellationToken);
    }

    internal void WriteLog(string? line)
    {
        if (_log is null || line is null)
        {
            return;
        }

        lock (_logLock)
        {
            _log.WriteLine(line);
        }
    }

    /// <summary>SIGTERM, then SIGKILL after the grace time; removes the pid file.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        ExpectExit();
        if (Identity is not null)
        {
            await Signals.StopAsync(Identity, grace);
        }

        await _process.WaitForExitAsync();
        File.Delete(PidFile);
        lock (_logLock)
        {
            _log?.Flush();
        }
    }

    /// <summary>Stops the process and releases it; a second call does nothing, so a run may dispose what a caller already disposed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(TimeSpan.FromSeconds(5));
        lock (_logLock)
        {
            _log?.Dispose();
        }

        _process.Dispose();
    }
}
