using System.Diagnostics;
using System.Text.RegularExpressions;
using Testbed.Lab.Cleaning;
using Testbed.Lab.Files;
using Testbed.Lab.Linux;
using Testbed.Lab.Processes;

namespace Testbed.Lab.Runs;

/// <summary>
/// The live state of one run on this machine: pid files, control sockets, logs and the
/// ledger of network objects, in RUNTIME_ROOT/RUN_ID. Everything a run starts or creates
/// goes through here. Disposing the run tears it all down with the same
/// <see cref="LabCleaner"/> that `testbed clean` uses after a crash.
/// </summary>
public sealed partial class RunDirectory : IAsyncDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly List<TrackedProcess> _processes = [];
    private readonly Lock _processesLock = new();

    private RunDirectory(string runId, string path)
    {
        RunId = runId;
        Path = path;
        Ledger = new ResourceLedger(System.IO.Path.Combine(path, RunLayout.LedgerFile));
    }

    public string RunId { get; }

    public string Path { get; }

    /// <summary>Who owns the run: this process, by pid and start time.</summary>
    public string OwnerPath => System.IO.Path.Combine(Path, RunLayout.OwnerFile);

    public string PidsPath => System.IO.Path.Combine(Path, RunLayout.PidsFolder);

    /// <summary>Control sockets (QMP, router control) live here; the folder is 0700, so only root reaches them.</summary>
    public string SocketsPath => System.IO.Path.Combine(Path, RunLayout.SocketsFolder);

    public string LogsPath => System.IO.Path.Combine(Path, RunLayout.LogsFolder);

    /// <summary>The last lines of a process's log, joined on one line: what an error about its early exit quotes.</summary>
    public string LogTail(string processName, int lines = 3)
    {
        var log = System.IO.Path.Combine(LogsPath, processName + ".log");
        return File.Exists(log) ? string.Join(" | ", File.ReadLines(log).TakeLast(lines)) : "";
    }

    public ResourceLedger Ledger { get; }

    /// <summary>
    /// Raised, on a thread-pool thread, when a process started with <c>untilStopped</c> ends
    /// although nobody stopped it or told it to end: a crash, or a kill from outside.
    /// </summary>
    public event Action<ProcessExit>? UnexpectedExit;

    /// <summary>Creates a fresh run directory, mode 0700. The run id must be new under this root.</summary>
    public static RunDirectory Create(RuntimeRoot root, string runId)
    {
        if (!RunIdPattern().IsMatch(runId))
        {
            throw new ArgumentException($"run id '{runId}' may hold only letters, digits, '.', '_' and '-' (at most 64)", nameof(runId));
        }

        Directory.CreateDirectory(root.Path, OwnerOnly);
        var path = System.IO.Path.Combine(root.Path, runId);
        if (Directory.Exists(path))
        {
            throw new InvalidOperationException($"run directory {path} already exists: run 'testbed clean' if a crashed run left it");
        }

        Directory.CreateDirectory(path, OwnerOnly);
        var run = new RunDirectory(runId, path);
        AtomicFile.WriteAllText(System.IO.Path.Combine(path, RunLayout.OwnerFile),
            (ProcessIdentity.Of(Environment.ProcessId) ?? throw new InvalidOperationException("this process's start time cannot be read")) + "\n");
        Directory.CreateDirectory(run.PidsPath, OwnerOnly);
        Directory.CreateDirectory(run.SocketsPath, OwnerOnly);
        Directory.CreateDirectory(run.LogsPath, OwnerOnly);
        return run;
    }

    /// <summary>Where a control socket of this run goes. Unix socket paths are limited to 107 bytes.</summary>
    public string SocketPath(string name)
    {
        var path = System.IO.Path.Combine(SocketsPath, name);
        return path.Length <= 107
            ? path
            : throw new InvalidOperationException($"socket path {path} is longer than the 107 bytes Unix allows: use a shorter {RuntimeRoot.EnvironmentVariable}");
    }

    public async Task CreateNamespaceAsync(string name, CancellationToken cancellationToken = default)
    {
        Ledger.Append(new LabResource(LabResourceKind.Namespace, name));
        await IpRoute.AddNamespaceAsync(name, cancellationToken);
    }

    public async Task CreateBridgeAsync(string name, string? netns, CancellationToken cancellationToken = default)
    {
        Ledger.Append(new LabResource(LabResourceKind.Link, name, netns));
        await IpRoute.AddBridgeAsync(name, netns, cancellationToken);
        await IpRoute.SetUpAsync(name, netns, cancellationToken);
    }

    /// <summary>Creates a tap (for a QEMU NIC), optionally enslaved to a bridge, and brings it up.</summary>
    public async Task CreateTapAsync(string name, string? netns, string? bridge, CancellationToken cancellationToken = default)
    {
        Ledger.Append(new LabResource(LabResourceKind.Link, name, netns));
        await IpRoute.AddTapAsync(name, netns, cancellationToken);
        if (bridge is not null)
        {
            await IpRoute.SetMasterAsync(name, bridge, netns, cancellationToken);
        }

        await IpRoute.SetUpAsync(name, netns, cancellationToken);
    }

    /// <summary>
    /// A name tag no other run on this machine holds, of those <paramref name="candidate"/>
    /// proposes, and none of whose names <paramref name="inUseAsync"/> finds on the machine:
    /// reserved (a file created exclusively beside the run directories) before it is checked,
    /// so that two runs starting at once cannot both take it; released by the run's clean-up.
    /// </summary>
    public async Task<string> ReserveTagAsync(Func<string> candidate, Func<string, CancellationToken, Task<bool>> inUseAsync, CancellationToken cancellationToken = default)
    {
        const int attempts = 64;
        var folder = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, RunLayout.ReservationsFolder);
        Directory.CreateDirectory(folder, OwnerOnly);
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var tag = candidate();
            var reservation = System.IO.Path.Combine(folder, tag);
            try
            {
                await using (var file = new FileStream(reservation, FileMode.CreateNew, FileAccess.Write))
                {
                    await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(RunId + "\n"), cancellationToken);
                }
            }
            catch (IOException) when (File.Exists(reservation))
            {
                continue;
            }

            Ledger.Append(new LabResource(LabResourceKind.NameReservation, reservation));
            if (!await inUseAsync(tag, cancellationToken))
            {
                return tag;
            }
        }

        throw new InvalidOperationException($"no free name tag in {attempts} tries: run 'testbed clean' if crashed runs left their names");
    }

    /// <summary>Records an object that another tool (Mininet, QEMU) is about to create, so clean-up knows it.</summary>
    public void Record(LabResource resource) => Ledger.Append(resource);

    /// <summary>
    /// Starts a long-lived process, inside <paramref name="netns"/> when given, with its
    /// standard output and error in logs/NAME.log and its pid file in pids/NAME.pid. With
    /// <paramref name="output"/>, each line of standard output goes there instead of the log
    /// (a program that reports records on it), and standard error alone goes to the log.
    /// With <paramref name="untilStopped"/>, the process should run until it is stopped or told
    /// to end (<see cref="TrackedProcess.ExpectExit"/>); any other end of it raises
    /// <see cref="UnexpectedExit"/>.
    /// </summary>
    public TrackedProcess StartProcess(
        string name, string program, IReadOnlyList<string> arguments, string? netns = null, Action<string>? output = null, bool untilStopped = false)
    {
        if (!RunIdPattern().IsMatch(name))
        {
            throw new ArgumentException($"process name '{name}' may hold only letters, digits, '.', '_' and '-'", nameof(name));
        }

        var executable = ProgramLocator.Find(program) ?? throw CommandRunner.Missing(program);
        var pidFile = System.IO.Path.Combine(PidsPath, name + RunLayout.PidSuffix);
        if (File.Exists(pidFile))
        {
            throw new InvalidOperationException($"a process named '{name}' is already tracked in run {RunId}");
        }

        // `ip netns exec` execs in place (no fork), so the pid we get is the program's own.
        var startInfo = new ProcessStartInfo(netns is null ? executable : "ip")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (netns is not null)
        {
            foreach (var argument in (string[])["netns", "exec", netns, executable])
            {
                startInfo.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var log = new StreamWriter(System.IO.Path.Combine(LogsPath, name + ".log"), append: true) { AutoFlush = true };
        var process = new Process { StartInfo = startInfo };
        TrackedProcess? tracked = null;
        process.OutputDataReceived += (_, e) =>
        {
            if (output is null)
            {
                tracked?.WriteLog(e.Data);
            }
            else if (e.Data is not null)
            {
                output(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) => tracked?.WriteLog(e.Data);
        if (untilStopped)
        {
            process.EnableRaisingEvents = true;
            process.Exited += (_, _) =>
            {
                // Null only when it died before it was tracked: the starter sees that itself.
                if (tracked is { ExitExpected: false } ended)
                {
                    UnexpectedExit?.Invoke(new ProcessExit(ended.Name, ended.Pid, ended.ExitCode));
                }
            };
        }
        try
        {
            process.Start();
        }
        catch
        {
            log.Dispose();
            process.Dispose();
            throw;
        }

        var identity = ProcessIdentity.Of(process.Id);
        if (identity is not null)
        {
            WritePidFile(pidFile, identity);
        }

        tracked = new TrackedProcess(name, process, identity, pidFile, log);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_processesLock)
        {
            _processes.Add(tracked);
        }

        return tracked;
    }

    /// <summary>
    /// Tracks a process another tool started for this run (Mininet's node shells), by pid
    /// file only: clean-up stops it like the run's own, and a reused pid is never signalled.
    /// </summary>
    public void Adopt(string name, int pid)
    {
        if (!RunIdPattern().IsMatch(name))
        {
            throw new ArgumentException($"process name '{name}' may hold only letters, digits, '.', '_' and '-'", nameof(name));
        }

        var identity = ProcessIdentity.Of(pid) ?? throw new InvalidOperationException($"process {pid} ({name}) is not running");
        WritePidFile(System.IO.Path.Combine(PidsPath, name + RunLayout.PidSuffix), identity);
    }

    /// <summary>The processes of this run that are alive now, by pid file: those it started and those it adopted.</summary>
    public IReadOnlyList<(string Name, ProcessIdentity Identity)> LiveProcesses()
    {
        var live = new List<(string, ProcessIdentity)>();
        foreach (var pidFile in Directory.Exists(PidsPath) ? Directory.GetFiles(PidsPath, "*" + RunLayout.PidSuffix) : [])
        {
            try
            {
                if (ProcessIdentity.TryParse(File.ReadAllText(pidFile), out var identity) && identity!.IsAlive)
                {
                    live.Add((System.IO.Path.GetFileNameWithoutExtension(pidFile), identity));
                }
            }
            catch (IOException)
            {
                // Removed as its process ended.
            }
        }

        return live;
    }

    /// <summary>Written whole, then renamed: clean-up never reads half a pid file.</summary>
    private static void WritePidFile(string pidFile, ProcessIdentity identity) => AtomicFile.WriteAllText(pidFile, identity + "\n");

    /// <summary>Stops this run's processes (reaping them), then removes every recorded object and the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        TrackedProcess[] processes;
        lock (_processesLock)
        {
            processes = [.. _processes];
            _processes.Clear();
        }

        try
        {
            foreach (var process in processes.Reverse())
            {
                await process.DisposeAsync();
            }
        }
        finally
        {
            // Whatever went wrong above, the pid files and the ledger still say what to remove.
            await LabCleaner.CleanRunAsync(Path, new CleanReport());
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex RunIdPattern();
}
