using Testbed.Lab.Linux;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;

namespace Testbed.Lab.Cleaning;

/// <summary>
/// Removes what runs left on the machine, from their run directories alone: processes by
/// pid file (pid and start time, never by name), then the recorded network objects in
/// reverse order of creation, then the directory with its sockets. Safe to repeat: what
/// is already gone is skipped, so a second clean finds nothing. A run whose owner (the
/// `testbed run` that made it, by pid and start time) still runs is left alone unless forced.
/// </summary>
public static class LabCleaner
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    /// <param name="force">Also runs whose owner still runs: they lose their network and processes under them.</param>
    public static async Task<CleanReport> CleanAllAsync(RuntimeRoot root, bool force = false, CancellationToken cancellationToken = default)
    {
        var report = new CleanReport();
        foreach (var run in root.RunDirectories())
        {
            if (!force && LiveOwner(run) is { } owner)
            {
                report.LiveRunsLeft.Add($"{Path.GetFileName(run)} (its owner, pid {owner.Pid}, still runs)");
                continue;
            }

            await CleanRunAsync(run, report, cancellationToken);
        }

        return report;
    }

    /// <summary>The live process that owns the run; null when it is gone, or the run has no owner file (it crashed while being made).</summary>
    private static ProcessIdentity? LiveOwner(string runPath)
    {
        try
        {
            return ProcessIdentity.TryParse(File.ReadAllText(Path.Combine(runPath, RunLayout.OwnerFile)), out var owner) && owner!.IsAlive ? owner : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static async Task CleanRunAsync(string runPath, CleanReport report, CancellationToken cancellationToken = default)
    {
        // Taken first: QEMU removes its own QMP socket when it stops cleanly, and the
        // report should name what the run left, whoever removes it.
        var sockets = Path.Combine(runPath, RunLayout.SocketsFolder);
        var leftSockets = Directory.Exists(sockets) ? Directory.GetFileSystemEntries(sockets) : [];

        await StopProcessesAsync(runPath, report, cancellationToken);
        await RemoveResourcesAsync(runPath, report, cancellationToken);
        if (RemoveDirectory(runPath, report))
        {
            report.RemovedSockets.AddRange(leftSockets);
        }
    }

    private static async Task StopProcessesAsync(string runPath, CleanReport report, CancellationToken cancellationToken)
    {
        var pids = Path.Combine(runPath, RunLayout.PidsFolder);
        if (!Directory.Exists(pids))
        {
            return;
        }

        foreach (var pidFile in Directory.GetFiles(pids, "*" + RunLayout.PidSuffix))
        {
            var name = Path.GetFileNameWithoutExtension(pidFile);
            if (ProcessIdentity.TryParse(File.ReadAllText(pidFile), out var identity)
                && await Signals.StopAsync(identity!, StopGrace, cancellationToken))
            {
                report.StoppedProcesses.Add($"{name} (pid {identity!.Pid})");
            }

            if (identity is not null && identity.IsAlive)
            {
                report.Problems.Add($"process {name} (pid {identity.Pid}) survived SIGKILL");
                continue;
            }

            File.Delete(pidFile);
        }
    }

    private static async Task RemoveResourcesAsync(string runPath, CleanReport report, CancellationToken cancellationToken)
    {
        var resources = ResourceLedger.Read(Path.Combine(runPath, RunLayout.LedgerFile));
        foreach (var resource in resources.Reverse())
        {
            try
            {
                switch (resource.Kind)
                {
                    case LabResourceKind.Link:
                        await RemoveLinkAsync(resource, report, cancellationToken);
                        break;
                    case LabResourceKind.Namespace:
                        await RemoveNamespaceAsync(resource.Name, report, cancellationToken);
                        break;
                    case LabResourceKind.NameReservation:
                        File.Delete(resource.Name);
                        break;
                }
            }
            catch (CommandFailedException failure)
            {
                report.Problems.Add($"{resource}: {failure.Message}");
            }
        }
    }

    private static async Task RemoveLinkAsync(LabResource link, CleanReport report, CancellationToken cancellationToken)
    {
        // A link inside a namespace that is already gone went with it.
        if (link.Namespace is not null && !await IpRoute.NamespaceExistsAsync(link.Namespace, cancellationToken))
        {
            return;
        }

        if (await IpRoute.LinkExistsAsync(link.Name, link.Namespace, cancellationToken))
        {
            await IpRoute.DeleteLinkAsync(link.Name, link.Namespace, cancellationToken);
            report.RemovedInterfaces.Add(link.ToString());
        }
    }

    private static async Task RemoveNamespaceAsync(string name, CleanReport report, CancellationToken cancellationToken)
    {
        if (!await IpRoute.NamespaceExistsAsync(name, cancellationToken))
        {
            return;
        }

        // A namespace outlives `ip netns delete` while any process is inside it. These
        // processes are found by membership of a namespace we created, not by name:
        // children a helper forked, or a shell a crashed Mininet left.
        foreach (var pid in await IpRoute.PidsInNamespaceAsync(name, cancellationToken))
        {
            if (ProcessIdentity.Of(pid) is { } stray)
            {
                Signals.KillNow(stray);
                await Signals.WaitForExitAsync(stray, StopGrace, cancellationToken);
                report.StoppedProcesses.Add($"pid {pid} inside namespace {name}");
            }
        }

        await IpRoute.DeleteNamespaceAsync(name, cancellationToken);
        report.RemovedNamespaces.Add(name);
    }

    /// <summary>Removes the run directory unless a survivor's pid file must stay for the next clean; true when it is gone.</summary>
    private static bool RemoveDirectory(string runPath, CleanReport report)
    {
        if (!Directory.Exists(runPath))
        {
            return false;
        }

        var pids = Path.Combine(runPath, RunLayout.PidsFolder);
        if (Directory.Exists(pids) && Directory.GetFiles(pids).Length > 0)
        {
            return false;
        }

        Directory.Delete(runPath, recursive: true);
        report.RemovedRunDirectories.Add(runPath);
        return true;
    }
}
