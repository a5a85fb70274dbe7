using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using Testbed.Cli.Tests.Commands;
using Testbed.Experiments.Files;
using Testbed.Lab.Linux;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.TestSupport;

namespace Testbed.Cli.Tests.Cluster;

/// <summary>
/// `testbed run --cluster` on two emulated lab machines: the coordinator's `testbed run` in the
/// first host's namespace, a `testbed worker` in the second's, membership in a real PostgreSQL,
/// the silos' traffic and the cut link's tunnel over the hosts' emulated network, real QEMU.
/// </summary>
public sealed class ClusterRunTests(PostgresServer postgres) : ScratchRootTest, IClassFixture<PostgresServer>
{
    private static readonly string OneMove = RepositoryRoot.Combine("experiments", "examples", "one-move.yaml");

    [Fact]
    public async Task One_move_with_its_data_centers_on_two_hosts_migrates_across_them_and_the_coordinator_holds_every_file()
    {
        var namespacesBefore = await IpRoute.ListNamespacesAsync();
        await using var hosts = await EmulatedHosts.CreateAsync(2);
        var file = await ClusterFileAsync(hosts);
        var output = Path.Combine(ScratchRuntimeRoot.ResultsFor(Scratch.Path), "one-move");
        await using (var worker = await ClusterWorker.StartAsync(hosts.Hosts[1].Namespace, file, "h2", Scratch.Path))
        {
            // With a PostgreSQL results database, the run is there while it goes (Grafana's live view reads it).
            var database = postgres.SocketConnectionString(new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync()).Database!);
            var running = RunAsync(hosts.Hosts[0].Namespace, "run", OneMove, "--cluster", file, "--pin", "dc2=h2", "--out", output, "--results-db", database);
            var waited = Stopwatch.StartNew();
            (long Requests, long Events, bool HasSummary) live;
            while ((live = await StoredAsync(database)).Requests == 0)
            {
                Assert.False(running.IsCompleted, "the run ended before any of its requests reached the database: " + (running.IsCompleted ? (await running).StandardError : ""));
                Assert.True(waited.Elapsed < TimeSpan.FromMinutes(5), "no request reached the database within 5 min");
                await Task.Delay(250);
            }

            Assert.False(live.HasSummary, "a run still going is stored without its summary");
            var run = await running;
            Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);

            using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "summary.json")));
            Assert.Equal("completed", summary.RootElement.GetProperty("status").GetString());
            var migration = Assert.Single(summary.RootElement.GetProperty("migrations").EnumerateArray());
            Assert.Equal(("dc1", "dc2", "completed"), (migration.GetProperty("from").GetString(), migration.GetProperty("to").GetString(), migration.GetProperty("outcome").GetString()));

            // The grains of dc2 ran on h2's silo, those of dc1 on the coordinator's; h2's own record of it came back.
            var events = (await File.ReadAllLinesAsync(Path.Combine(output, "events.jsonl"))).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Contains(events, e => Kind(e) == "vm-booted" && e.GetProperty("data_center").GetString() == "dc1" && e.GetProperty("silo").GetString() == "h1");
            Assert.Contains(events, e => Kind(e) == "vm-incoming" && e.GetProperty("data_center").GetString() == "dc2" && e.GetProperty("silo").GetString() == "h2");
            Assert.Contains("vm-incoming", await File.ReadAllTextAsync(Path.Combine(output, "hosts", "h2", "events.jsonl")), StringComparison.Ordinal);
            foreach (var name in (string[])["requests.csv", "migrations.csv", "calibration.csv", "paths.csv", "environment.json", "report.md"])
            {
                Assert.True(File.Exists(Path.Combine(output, name)), $"{name} is missing from the run's directory");
            }

            // Every link measured once, by the host that owns it; the cut one among them.
            var experiment = ExperimentLoader.Load(OneMove);
            var calibrated = File.ReadAllLines(Path.Combine(output, "calibration.csv")).Skip(1).Select(l => int.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).Order();
            Assert.Equal(Enumerable.Range(0, experiment.Topology.Links.Count), calibrated);

            using var environment = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "environment.json")));
            var cluster = environment.RootElement.GetProperty("cluster");
            var h2 = cluster.GetProperty("hosts").EnumerateArray().Single(h => h.GetProperty("name").GetString() == "h2");
            Assert.Equal(worker.Pid, h2.GetProperty("worker_pid").GetInt32());
            Assert.Equal(["dc2"], h2.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
            Assert.True(Math.Abs(h2.GetProperty("clock_offset_ms").GetDouble()) <= h2.GetProperty("clock_uncertainty_ms").GetDouble() + 0.001,
                "one machine, one clock: the offset is within its uncertainty of zero");
            Assert.NotEmpty(cluster.GetProperty("cut_links").EnumerateArray());

            // After the move the users' requests cross the path to dc2 (through the tunnel) and the guest's service time, and no more.
            var configured = double.Parse(File.ReadAllLines(Path.Combine(output, "paths.csv")).Skip(1).Select(l => l.Split(','))
                .Single(p => p[0] == "near2" && p[1] == "dc2")[4], CultureInfo.InvariantCulture) + experiment.Services.Single().ServiceTime.TotalMilliseconds;
            var after = summary.RootElement.GetProperty("response_time_ms").GetProperty("users").GetProperty("after migration 1").GetProperty("p50").GetDouble();
            Assert.InRange(after, configured, configured * 1.1);

            // Once over, the import of the whole run replaced what was written live: every request and event once, h2's gathered events among them.
            var stored = await StoredAsync(database);
            Assert.True(stored.HasSummary);
            Assert.Equal(LiveRun.ReadShared(Path.Combine(output, "requests.csv")).Length - 1, stored.Requests);
            Assert.Equal(LiveRun.ReadShared(Path.Combine(output, "events.jsonl")).Length, stored.Events);
        }

        // Nothing of the run is left on either host once the worker has stopped.
        Assert.DoesNotContain((await IpRoute.ListNamespacesAsync()).Except(namespacesBefore), n => !n.StartsWith("tbh-" + hosts.Tag, StringComparison.Ordinal) && n != "tbl-" + hosts.Tag);
        foreach (var (_, netns, _) in hosts.Hosts)
        {
            Assert.DoesNotContain(await IpRoute.LinkNamesAsync(netns), l => l.StartsWith("tbvx", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_worker_killed_mid_run_ends_the_run_as_failed_naming_its_host_and_the_coordinator_leaves_nothing_behind()
    {
        var namespacesBefore = await IpRoute.ListNamespacesAsync();
        await using var hosts = await EmulatedHosts.CreateAsync(2);
        var file = await ClusterFileAsync(hosts);
        var output = Path.Combine(ScratchRuntimeRoot.ResultsFor(Scratch.Path), "killed");
        try
        {
            await using (var worker = await ClusterWorker.StartAsync(hosts.Hosts[1].Namespace, file, "h2", Scratch.Path))
            {
                var running = RunAsync(hosts.Hosts[0].Namespace, "run", OneMove, "--cluster", file, "--pin", "dc2=h2", "--out", output);
                var events = Path.Combine(output, "events.jsonl");
                var waited = Stopwatch.StartNew();
                // Killed once the WAN is built over both hosts: mid-run, with h2's part of the network, routers and tunnel up.
                while (!(File.Exists(events) && LiveRun.ReadShared(events).Any(l => l.Contains("\"phase\":\"calibrating links\"", StringComparison.Ordinal))))
                {
                    Assert.False(running.IsCompleted, "the run ended before its links were calibrated: " + (running.IsCompleted ? (await running).StandardError : ""));
                    Assert.True(waited.Elapsed < TimeSpan.FromMinutes(5), "the run did not reach calibration within 5 min");
                    await Task.Delay(200);
                }

                await worker.KillAsync();
                var run = await running;

                Assert.NotEqual(0, run.ExitCode);
                using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "summary.json")));
                Assert.Equal("failed", summary.RootElement.GetProperty("status").GetString());
                Assert.Contains("host h2", summary.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
            }

            // What the coordinator built is gone; the killed worker's part is the machine's to clean, as after any crash.
            using var environment = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "environment.json")));
            var coordinatorNodes = environment.RootElement.GetProperty("cluster").GetProperty("hosts").EnumerateArray()
                .Single(h => h.GetProperty("name").GetString() == "h1").GetProperty("nodes").EnumerateArray().Select(n => n.GetString()!).ToList();
            var left = (await IpRoute.ListNamespacesAsync()).Except(namespacesBefore).ToList();
            Assert.DoesNotContain(left, n => coordinatorNodes.Any(node => n.EndsWith("-" + node, StringComparison.Ordinal) || n.EndsWith("-" + node + ".lan", StringComparison.Ordinal)));
        }
        finally
        {
            await TestbedCommand.RunAsync(Scratch.Path, "clean");
        }

        Assert.DoesNotContain((await IpRoute.ListNamespacesAsync()).Except(namespacesBefore), n => !n.StartsWith("tbh-" + hosts.Tag, StringComparison.Ordinal) && n != "tbl-" + hosts.Tag);
    }

    private static string? Kind(JsonElement e) => e.GetProperty("kind").GetString();

    /// <summary>What the results database holds of the run so far: nothing before the run has made its schema.</summary>
    private static async Task<(long Requests, long Events, bool HasSummary)> StoredAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM requests), (SELECT count(*) FROM events), (SELECT coalesce(bool_or(has_summary), false) FROM runs)", connection);
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return (reader.GetInt64(0), reader.GetInt64(1), reader.GetBoolean(2));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return (0, 0, false);
        }
    }

    private Task<string> ClusterFileAsync(EmulatedHosts hosts) => ClusterFile.WriteAsync(hosts, postgres, Scratch.Path);

    /// <summary>`testbed ARGS` as the coordinator, inside the first host's namespace.</summary>
    private Task<CommandResult> RunAsync(string netns, params string[] arguments) =>
        CommandRunner.RunAsync("ip", ["netns", "exec", netns, "env", "-u", "TESTBED_RESULTS_DB", $"{RuntimeRoot.EnvironmentVariable}={Scratch.Path}", "DOTNET_CLI_HOME=/tmp",
            $"TESTBED_RESULTS_DIR={ScratchRuntimeRoot.ResultsFor(Scratch.Path)}", "dotnet", Path.Combine(AppContext.BaseDirectory, "testbed.dll"), .. arguments],
            TimeSpan.FromMinutes(10));
}
