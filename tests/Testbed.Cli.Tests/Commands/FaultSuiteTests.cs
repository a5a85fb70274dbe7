using System.Globalization;
using System.Text.Json.Nodes;
using Testbed.Cli.Commands;
using Testbed.Lab.Processes;
using Testbed.Mechanisms.Guests;
using Testbed.Results.Files;
using Testbed.Results.Reading;
using Testbed.Results.Records;
using Testbed.Results.Summary;
using Testbed.TestSupport;
using Testbed.Workload.Records;

namespace Testbed.Cli.Tests.Commands;

/// <summary>
/// Faults injected into real runs from outside, as a crash or an operator would: processes
/// killed with SIGKILL. Several faults share one run, each at its own moment, so that the
/// suite stays short. Each case checks that the run says what happened, that nothing
/// recorded is lost, and that nothing leaks.
/// </summary>
public sealed class FaultSuiteTests : ScratchRootTest, IDisposable
{
    private const string Service = "app";
    private const string Group = "users";
    private const string OtherGroup = "others";

    private readonly DirectoryInfo _results = Directory.CreateTempSubdirectory("tbt-faults-");

    /// <summary>
    /// one-move with a second group at near1. Killed: the router of dc2 and the second group's
    /// client early in the timeline, then the destination's QEMU while the migration's stream
    /// fills it. The router comes back with a peer's table, the other group goes on, and the
    /// failed migration leaves the service at dc1, where it goes on serving.
    /// </summary>
    [Fact]
    public async Task A_killed_router_client_and_destination_degrade_the_run_which_recovers_and_says_so()
    {
        var experiment = Path.Combine(_results.FullName, "faults.yaml");
        var oneMove = File.ReadAllText(RepositoryRoot.Combine("experiments", "examples", "one-move.yaml"));
        File.WriteAllText(experiment, oneMove.Replace("name: one-move", "name: faults", StringComparison.Ordinal).Replace(
            "    request_rate: 10/s\n",
            $"    request_rate: 10/s\n  - name: {OtherGroup}\n    site: near1\n    service: {Service}\n    users: 1\n    request_rate: 10/s\n",
            StringComparison.Ordinal));
        var output = Path.Combine(_results.FullName, "run");
        var events = Path.Combine(output, ResultsFileNames.Events);
        var requests = Path.Combine(output, ResultsFileNames.Requests);
        var namespacesBefore = await LiveRun.NamespacesAsync();
        int requestsAtLastKill;
        using var run = LiveRun.Start(experiment, output, Scratch.Path);
        try
        {
            await LiveRun.WaitUntilAsync(() => File.Exists(events) && LiveRun.ReadShared(events).Any(l => l.Contains("\"phase\":\"timeline\"", StringComparison.Ordinal)),
                TimeSpan.FromMinutes(5), run);
            Kill("router-dc2");
            Kill($"client-{OtherGroup}");

            // Mid-transfer: the migration stream is connected, and the destination's QEMU has taken a first part of the guest's memory.
            await LiveRun.WaitUntilAsync(() => LiveRun.Tracked(Scratch.Path, $"{Service}-dc2") is not null, TimeSpan.FromMinutes(1), run, TimeSpan.FromMilliseconds(10));
            var destination = LiveRun.Tracked(Scratch.Path, $"{Service}-dc2")!;
            await LiveRun.WaitUntilAsync(() => StreamConnected(destination.Pid), TimeSpan.FromMinutes(1), run, TimeSpan.FromMilliseconds(5));
            var emptyKib = ResidentKib(destination.Pid);
            await LiveRun.WaitUntilAsync(() => ResidentKib(destination.Pid) - emptyKib >= TransferredKib, TimeSpan.FromMinutes(1), run, TimeSpan.FromMilliseconds(5));
            Signals.KillNow(destination);
            requestsAtLastKill = LiveRun.ReadShared(requests).Length;

            await run.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        }
        finally
        {
            if (!run.HasExited)
            {
                run.Kill();
            }
        }

        // The run played to its end, degraded, and says by what.
        Assert.Equal(RunCommand.DegradedExitCode, run.ExitCode);
        var results = RunResultsReader.Read(output);
        var summary = results.Summary!;
        Assert.True(summary.Completed, summary.Error);
        Assert.Equal(RunStatus.Degraded, summary.Status);
        Assert.All(summary.Faults, f => Assert.Equal(FaultEffect.Degraded, f.Effect));
        var router = Assert.Single(summary.Faults, f => f.Component == "router of dc2");
        Assert.Contains("signal 9", router.Cause, StringComparison.Ordinal);
        Assert.Contains("from the router of dc1", router.Recovery, StringComparison.Ordinal);
        Assert.Contains("signal 9", Assert.Single(summary.Faults, f => f.Component == $"client of group {OtherGroup}").Cause, StringComparison.Ordinal);
        Assert.Single(summary.Faults, f => f.Component.StartsWith($"guest {Service} in dc2", StringComparison.Ordinal));
        Assert.Single(summary.Faults, f => f.Component == $"migration of {Service} from dc1 to dc2");
        Assert.All(summary.Faults, f => Assert.NotNull(f.TimeS));

        // The failed migration has its row, and the service stayed at dc1: every router says
        // so, and the users near dc2 were served there through the rest of the run.
        var migration = Assert.Single(results.Recorded.Migrations);
        Assert.Equal(MigrationOutcome.Failed, migration.Outcome);
        Assert.False(string.IsNullOrEmpty(migration.Error));
        var tables = results.Events.Where(e => e.Kind == "router-table").ToList();
        Assert.Equal(2, tables.Count);
        Assert.All(tables, t => Assert.All(((JsonObject)t.Details["table"]!).Select(p => p.Value!.GetValue<string>()),
            location => Assert.StartsWith("dc1 ", location, StringComparison.Ordinal)));
        var servedAfter = results.Recorded.Requests.Count(r => r.Group == Group && r.TimeS > migration.EndS + 1 && r.Succeeded && r.ServedBy == Service);
        var expectedAfter = (int)((summary.DurationS - migration.EndS - 1) * 2 * 10);
        Assert.True(servedAfter >= expectedAfter / 2, $"{servedAfter} requests served after the failed migration, of about {expectedAfter} sent");

        // Nothing lost: every request row written before the last kill is still there, and more came after.
        Assert.True(LiveRun.ReadShared(requests).Length > requestsAtLastKill);

        // Nothing leaks: the run tore itself down.
        Assert.Empty(Scratch.Root.RunDirectories());
        Assert.Equal(namespacesBefore, await LiveRun.NamespacesAsync());
    }

    /// <summary>How much of the guest's memory the destination must hold before it is killed: a few MiB of its 96, well before the end.</summary>
    private const long TransferredKib = 8 * 1024;

    private void Kill(string name)
    {
        var process = LiveRun.Tracked(Scratch.Path, name);
        Assert.True(process is not null, $"the run has no live {name}");
        Signals.KillNow(process);
    }

    /// <summary>Whether the QEMU's namespace holds an established TCP connection on the migration port: its /proc/PID/net/tcp, state 01.</summary>
    private static bool StreamConnected(int pid)
    {
        var port = $":{WanGuest.MigrationPort:X4}";
        try
        {
            return File.ReadLines($"/proc/{pid}/net/tcp").Skip(1)
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Any(f => f.Length > 3 && f[1].EndsWith(port, StringComparison.Ordinal) && f[3] == "01");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static long ResidentKib(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["VmRSS:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public void Dispose() => _results.Delete(recursive: true);
}
