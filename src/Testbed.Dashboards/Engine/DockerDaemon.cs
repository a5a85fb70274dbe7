using System.Diagnostics;
using Testbed.Lab.Processes;
using Testbed.Lab.Timing;

namespace Testbed.Dashboards.Engine;

/// <summary>
/// Makes sure a Docker engine answers on its socket, starting dockerd when it is installed
/// but not running (a machine without systemd, such as a CI container). A dockerd started
/// here is recorded in a pid file, pid and start time, and only a dockerd so recorded is
/// ever stopped: an engine that systemd or a person started is never touched.
/// </summary>
public static class DockerDaemon
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<EngineStart> EnsureRunningAsync(DockerEngineOptions options, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        using var connection = new DockerConnection(options.Socket);
        if (await connection.AnswersAsync(PingTimeout, cancellationToken))
        {
            return new EngineStart(StartedHere: false, Pid: null, clock.Elapsed);
        }

        var dockerd = ProgramLocator.Find("dockerd") ?? throw new DockerEngineMissingException();

        // An engine we started earlier that still lives but does not answer yet is still
        // starting (or hung): a second dockerd would only fail on the first one's pid file.
        var engine = StartedEngine(options) ?? Start(dockerd, options);
        try
        {
            await WaitUntil.TrueAsync(
                async token => await connection.AnswersAsync(PingTimeout, token) || (engine.IsAlive ? false : throw Exited(options)),
                options.StartDeadline, PollInterval, () => new TimeoutException(), cancellationToken: cancellationToken);
        }
        catch (TimeoutException)
        {
            await StopStartedAsync(options, cancellationToken);
            throw new DashboardsException(
                $"dockerd did not answer on {options.Socket} within {options.StartDeadline.TotalSeconds:0} s and was stopped; its log ({options.LogFile}) ends: {LogTail(options.LogFile)}");
        }

        return new EngineStart(StartedHere: true, engine.Pid, clock.Elapsed);
    }

    /// <summary>A dockerd that died while starting: its pid file goes, and its log says why.</summary>
    private static DashboardsException Exited(DockerEngineOptions options)
    {
        File.Delete(options.PidFile);
        return new DashboardsException($"dockerd exited while starting; its log ({options.LogFile}) ends: {LogTail(options.LogFile)}");
    }

    /// <summary>The dockerd this machine's testbed started and that still runs, or null.</summary>
    public static ProcessIdentity? StartedEngine(DockerEngineOptions options)
    {
        if (!File.Exists(options.PidFile))
        {
            return null;
        }

        return ProcessIdentity.TryParse(File.ReadAllText(options.PidFile), out var identity) && identity!.IsAlive ? identity : null;
    }

    /// <summary>Stops the dockerd recorded in the pid file, if it still runs, and removes the file; false when there was none to stop.</summary>
    public static async Task<bool> StopStartedAsync(DockerEngineOptions options, CancellationToken cancellationToken = default)
    {
        var engine = StartedEngine(options);
        var stopped = engine is not null && await Signals.StopAsync(engine, options.StopGrace, cancellationToken);
        if (engine is not null && engine.IsAlive)
        {
            throw new DashboardsException($"dockerd (pid {engine.Pid}) did not stop on SIGTERM or SIGKILL");
        }

        File.Delete(options.PidFile);
        return stopped;
    }

    /// <summary>
    /// Starts dockerd in a session of its own, so that it outlives this command (Grafana
    /// must keep running after `up` returns) and a Ctrl-C at the terminal does not reach
    /// it. sh and setsid exec in place, so the pid recorded is dockerd's own.
    /// </summary>
    private static ProcessIdentity Start(string dockerd, DockerEngineOptions options)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.PidFile))!);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.LogFile))!);
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in (string[])["-c", "exec setsid \"$1\" >>\"$2\" 2>&1 </dev/null", "sh", dockerd, options.LogFile])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new DashboardsException($"could not start {dockerd}");
        var identity = ProcessIdentity.Of(process.Id)
            ?? throw new DashboardsException($"dockerd exited at once; its log ({options.LogFile}) ends: {LogTail(options.LogFile)}");
        File.WriteAllText(options.PidFile, identity.ToString());
        return identity;
    }

    private static string LogTail(string logFile)
    {
        if (!File.Exists(logFile))
        {
            return "(no log)";
        }

        var lines = File.ReadLines(logFile).Where(l => l.Trim().Length > 0).TakeLast(5).ToList();
        return lines.Count == 0 ? "(empty)" : string.Join(" | ", lines);
    }
}
