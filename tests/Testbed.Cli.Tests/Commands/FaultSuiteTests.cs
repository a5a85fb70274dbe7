using System.Collections.Concurrent;
using System.Diagnostics;
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
/// killed with SIGKILL, and `testbed clean` while runs go on. The cases share two runs that
/// go at once, each fault at its own moment, so that the suite stays short. Each case checks
/// that the run says what happened, that nothing recorded is lost, and that nothing leaks.
/// </summary>
public sealed class FaultSuiteTests(PostgresServer database) : ScratchRootTest, IClassFixture<PostgresServer>, IDisposable
{
    private const string Service = "app";
    private const string Group = "users";
    private const string OtherGroup = "others";

    /// <summary>How much of the guest's memory the destination must hold before a QEMU is killed: a few MiB of its 96, well before the end.</summary>
    private const long TransferredKib = 8 * 1024;

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private readonly DirectoryInfo _results = Directory.CreateTempSubdirectory("tbt-faults-");

    /// <summary>
    /// Three runs at once, each with its own network; a `testbed clean` meanwhile leaves them
    /// all alone. The first is one-move with a second group at near1, writing to a real
    /// PostgreSQL: the database is stopped, the router of dc2 and the second group's client
    /// are killed, then the destination's QEMU while the stream fills it. The router comes
    /// back with a peer's table, the first group goes on, the failed migration leaves the
    /// service at dc1, serving, and the run's files wait for `testbed import`: it completes
    /// degraded. The second is one-move whose source QEMU is killed mid-migration: the only
    /// whole copy is gone, and the run ends at once, failed. The third is one-move whose
    /// results directory, a small tmpfs, is filled to its last byte: it stops, says which file
    /// it could not write, and tears down.
    /// </summary>
    [Fact]
    public async Task Runs_at_once_outlive_a_clean_and_say_what_their_killed_processes_and_a_full_disk_did_to_them()
    {
        var degradedOutput = Path.Combine(_results.FullName, "degraded");
        var failedOutput = Path.Combine(_results.FullName, "failed");
        var fullDisk = Directory.CreateDirectory(Path.Combine(_results.FullName, "small-disk")).FullName;
        var fullOutput = Path.Combine(fullDisk, "run");
        var oneMove = RepositoryRoot.Combine("experiments", "examples", "one-move.yaml");
        var namespaces = new List<string>();
        await CommandRunner.RunCheckedAsync("mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", fullDisk]);
        try
        {
            await RunAllAsync(degradedOutput, failedOutput, fullDisk, fullOutput, oneMove, namespaces);
        }
        finally
        {
            await CommandRunner.RunCheckedAsync("umount", [fullDisk]);
        }

        // Nothing leaks: each run tore itself down, and the clean took nothing of theirs.
        Assert.Empty(Scratch.Root.RunDirectories());
        Assert.NotEmpty(namespaces);
        Assert.Empty(await LiveRun.StillThereAsync(namespaces));
    }

    private async Task RunAllAsync(string degradedOutput, string failedOutput, string fullDisk, string fullOutput, string oneMove, List<string> namespaces)
    {
        var fullErrors = new ConcurrentQueue<string>();
        var degradedErrors = new ConcurrentQueue<string>();
        var resultsDatabase = await ResultsDatabaseAsync();
        using var degraded = LiveRun.Start(WithSecondGroup(), degradedOutput, Scratch.Path, degradedErrors, "--results-db", resultsDatabase);
        using var failed = LiveRun.Start(oneMove, failedOutput, Scratch.Path);
        using var full = LiveRun.Start(oneMove, fullOutput, Scratch.Path, fullErrors);
        int degradedRequestsAtKill, failedRequestsAtKill, fullRequestsAtFill;
        try
        {
            var degradedId = await InTimelineAsync(degraded, degradedOutput);
            var failedId = await InTimelineAsync(failed, failedOutput);
            var fullId = await InTimelineAsync(full, fullOutput);
            foreach (var id in (string[])[degradedId, failedId, fullId])
            {
                namespaces.AddRange(LiveRun.Namespaces(Scratch.Path, id));
            }

            var clean = await TestbedCommand.RunAsync(Scratch.Path, "clean");
            Assert.True(clean.Succeeded, clean.StandardError);
            foreach (var id in (string[])[degradedId, failedId, fullId])
            {
                Assert.Contains($"left alone the live run {id}", clean.StandardOutput, StringComparison.Ordinal);
            }

            // The results database goes away before the run ends, when it would write there.
            await database.StopAsync();
            fullRequestsAtFill = LiveRun.ReadShared(Path.Combine(fullOutput, ResultsFileNames.Requests)).Length;
            Fill(fullDisk);

            Kill(degradedId, "router-dc2");
            Kill(degradedId, $"client-{OtherGroup}");
            var killed = await Task.WhenAll(
                KillMidTransferAsync(degraded, degradedOutput, degradedId, $"{Service}-dc2"),
                KillMidTransferAsync(failed, failedOutput, failedId, $"{Service}-dc1"));
            (degradedRequestsAtKill, failedRequestsAtKill) = (killed[0], killed[1]);

            await Task.WhenAll(degraded.WaitForExitAsync(), failed.WaitForExitAsync(), full.WaitForExitAsync()).WaitAsync(TimeSpan.FromMinutes(3));
        }
        finally
        {
            foreach (var run in (Process[])[degraded, failed, full])
            {
                if (!run.HasExited)
                {
                    run.Kill();
                }
            }
        }

        await database.StartAgainAsync();
        await AssertImportedLaterAsync(degradedOutput, degradedErrors, resultsDatabase);
        AssertDegraded(degraded, degradedOutput, degradedRequestsAtKill);
        AssertFailed(failed, failedOutput, failedRequestsAtKill);
        AssertStoppedByFullDisk(full, fullOutput, fullRequestsAtFill, fullErrors);
    }

    private static void AssertDegraded(Process run, string output, int requestsAtKill)
    {
        // It played to its end, degraded, and says by what.
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
        var sentAfter = (int)((summary.DurationS - migration.EndS - 1) * 2 * 10);
        Assert.True(servedAfter >= sentAfter / 2, $"{servedAfter} requests served after the failed migration, of about {sentAfter} sent");

        // Nothing lost: every request row written before the last kill is still there, and more came after.
        Assert.True(LiveRun.ReadShared(Path.Combine(output, ResultsFileNames.Requests)).Length > requestsAtKill);
    }

    private static void AssertFailed(Process run, string output, int requestsAtKill)
    {
        Assert.Equal(1, run.ExitCode);
        var results = RunResultsReader.Read(output);
        var summary = results.Summary!;
        Assert.False(summary.Completed);
        Assert.Equal(RunStatus.Failed, summary.Status);
        var guest = Assert.Single(summary.Faults, f => f.Effect == FaultEffect.Failed);
        Assert.Equal($"guest {Service} in dc1", guest.Component);
        Assert.Contains("signal 9", guest.Cause, StringComparison.Ordinal);
        Assert.StartsWith($"guest {Service} in dc1 failed", summary.Error, StringComparison.Ordinal);

        // Ended at once, well before its 20 s: the migration's row is there, not completed.
        Assert.NotEqual(MigrationOutcome.Completed, Assert.Single(results.Recorded.Migrations).Outcome);
        Assert.True(results.Recorded.Requests.Max(r => r.TimeS) < summary.DurationS - 5);
        Assert.True(LiveRun.ReadShared(Path.Combine(output, ResultsFileNames.Requests)).Length >= requestsAtKill);
    }

    /// <summary>
    /// A run whose results directory filled up: it stopped recording, tore down and said so,
    /// naming the file it could not write; summary.json could not be written either, and it
    /// says that too. What it had written is all there.
    /// </summary>
    private static void AssertStoppedByFullDisk(Process run, string output, int requestsAtFill, ConcurrentQueue<string> errors)
    {
        Assert.Equal(1, run.ExitCode);
        var said = string.Join('\n', errors);
        Assert.Contains($"recording failed: {output}/", said, StringComparison.Ordinal);
        Assert.Contains("No space left on device", said, StringComparison.Ordinal);
        Assert.Contains($"summary.json could not be written: {Path.Combine(output, ResultsFileNames.Summary)}", said, StringComparison.Ordinal);
        Assert.DoesNotContain(errors, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(output, ResultsFileNames.Summary)));
        Assert.True(LiveRun.ReadShared(Path.Combine(output, ResultsFileNames.Requests)).Length >= requestsAtFill);
        Assert.NotEmpty(RunResultsReader.Read(output).Recorded.Probes);
    }

    /// <summary>Fills the file system under <paramref name="directory"/> to its last byte.</summary>
    private static void Fill(string directory)
    {
        var chunk = new byte[64 * 1024];
        using var filler = new FileStream(Path.Combine(directory, "filler"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
        try
        {
            while (true)
            {
                filler.Write(chunk);
            }
        }
        catch (IOException)
        {
            // Full: what fitted stays.
        }

        // Then the last bytes, a small write at a time.
        try
        {
            while (true)
            {
                filler.Write(chunk, 0, 512);
            }
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// A run whose results database was down when it ended: it said so on one line, without
    /// the password, and kept its files, which `testbed import` loads once the database is back.
    /// The database is PostgreSQL, so the run had written itself there while it went, without a
    /// summary: the import replaces that with the whole run.
    /// </summary>
    private async Task AssertImportedLaterAsync(string output, ConcurrentQueue<string> errors, string resultsDatabase)
    {
        var warning = Assert.Single(errors, line => line.Contains("warning: the run is not in the results database", StringComparison.Ordinal));
        Assert.Contains($"testbed import {output}", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(errors, line => line.Contains(PostgresServer.Password, StringComparison.Ordinal));

        var import = await TestbedCommand.RunAsync(Scratch.Path, "import", output, "--results-db", resultsDatabase);
        Assert.True(import.Succeeded, import.StandardError);
        Assert.Contains("replaced (it now has its summary)", import.StandardError + import.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>A database of its own on the fixture's server, its password in a password file (never on a command line).</summary>
    private async Task<string> ResultsDatabaseAsync()
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(await database.CreateDatabaseAsync());
        var passfile = Path.Combine(_results.FullName, "pgpass");
        File.WriteAllText(passfile, $"{connection.Host}:{connection.Port}:{connection.Database}:{connection.Username}:{connection.Password}\n");
        File.SetUnixFileMode(passfile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        connection.Password = null;
        connection.Passfile = passfile;
        return connection.ConnectionString;
    }

    /// <summary>one-move, with a second group of one user at near1.</summary>
    private string WithSecondGroup()
    {
        var experiment = Path.Combine(_results.FullName, "two-groups.yaml");
        var oneMove = File.ReadAllText(RepositoryRoot.Combine("experiments", "examples", "one-move.yaml"));
        File.WriteAllText(experiment, oneMove.Replace("name: one-move", "name: two-groups", StringComparison.Ordinal).Replace(
            "    request_rate: 10/s\n",
            $"    request_rate: 10/s\n  - name: {OtherGroup}\n    site: near1\n    service: {Service}\n    users: 1\n    request_rate: 10/s\n",
            StringComparison.Ordinal));
        return experiment;
    }

    private static async Task<string> InTimelineAsync(Process run, string output)
    {
        var events = Path.Combine(output, ResultsFileNames.Events);
        await LiveRun.WaitUntilAsync(() => File.Exists(events) && LiveRun.ReadShared(events).Any(l => l.Contains("\"phase\":\"timeline\"", StringComparison.Ordinal)), Patience, run);
        return LiveRun.RunId(output) ?? throw new InvalidOperationException($"{output} has no run id");
    }

    /// <summary>
    /// Kills <paramref name="victim"/> mid-transfer: once the migration stream is connected and
    /// the destination's QEMU has taken a first part of the guest's memory. Returns how many
    /// request rows the run had then.
    /// </summary>
    private async Task<int> KillMidTransferAsync(Process run, string output, string runId, string victim)
    {
        var destinationName = $"{Service}-dc2";
        await LiveRun.WaitUntilAsync(() => LiveRun.Tracked(Scratch.Path, runId, destinationName) is not null, Patience, run, TimeSpan.FromMilliseconds(10));
        var destination = LiveRun.Tracked(Scratch.Path, runId, destinationName)!;
        await LiveRun.WaitUntilAsync(() => StreamConnected(destination.Pid), TimeSpan.FromMinutes(1), run, TimeSpan.FromMilliseconds(5));
        var emptyKib = ResidentKib(destination.Pid);
        await LiveRun.WaitUntilAsync(() => ResidentKib(destination.Pid) - emptyKib >= TransferredKib, TimeSpan.FromMinutes(1), run, TimeSpan.FromMilliseconds(5));
        Kill(runId, victim);
        return LiveRun.ReadShared(Path.Combine(output, ResultsFileNames.Requests)).Length;
    }

    private void Kill(string runId, string name)
    {
        var process = LiveRun.Tracked(Scratch.Path, runId, name);
        Assert.True(process is not null, $"run {runId} has no live {name}");
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
