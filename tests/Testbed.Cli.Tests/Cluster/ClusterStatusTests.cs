using System.Globalization;
using System.Text.Json;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.TestSupport;

namespace Testbed.Cli.Tests.Cluster;

/// <summary>
/// A cluster of two emulated lab machines: a `testbed worker` process in each host's namespace,
/// Orleans membership in a real PostgreSQL, silo traffic over the hosts' emulated network, and
/// `testbed cluster status` asking from the first host as a researcher would.
/// </summary>
public sealed class ClusterStatusTests(PostgresServer postgres) : ScratchRootTest, IClassFixture<PostgresServer>
{
    /// <summary>Orleans' defaults: three missed probes of 5 s each, then the vote; far more than that is a failure to notice.</summary>
    private static readonly TimeSpan DeathNoticed = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Each_host_answers_from_its_own_worker_with_its_clock_offset_within_its_uncertainty_and_a_killed_one_is_declared_dead_by_the_survivor()
    {
        await using var hosts = await EmulatedHosts.CreateAsync(2);
        var file = await ClusterFileAsync(hosts);
        await using var first = await ClusterWorker.StartAsync(hosts.Hosts[0].Namespace, file, "h1", Scratch.Path);
        await using var second = await ClusterWorker.StartAsync(hosts.Hosts[1].Namespace, file, "h2", Scratch.Path);

        var (exit, status) = await StatusAsync(hosts.Hosts[0].Namespace, file);

        Assert.Equal(0, exit);
        var answered = status.GetProperty("hosts").EnumerateArray().ToDictionary(h => h.GetProperty("name").GetString()!);
        Assert.Equal(["h1", "h2"], answered.Keys.Order());
        foreach (var (host, worker) in new[] { ("h1", first), ("h2", second) })
        {
            var entry = answered[host];
            Assert.Equal("active", entry.GetProperty("membership").GetString());
            Assert.Equal(worker.Pid, entry.GetProperty("process_id").GetInt32());
            Assert.StartsWith(hosts.Hosts.Single(h => h.Name == host).Address + ":", entry.GetProperty("silo_address").GetString(), StringComparison.Ordinal);

            // One machine, one clock: the true offset is zero, and NTP's estimate is never further from it than half the round trip.
            var clock = entry.GetProperty("clock");
            Assert.True(
                Math.Abs(clock.GetProperty("offset_ms").GetDouble()) <= clock.GetProperty("uncertainty_ms").GetDouble() + 0.001,
                $"{host}: offset {clock.GetProperty("offset_ms").GetDouble()} ms beyond its uncertainty {clock.GetProperty("uncertainty_ms").GetDouble()} ms");
        }

        await second.KillAsync();

        // Asked while the survivor has not yet declared it dead, the status still answers, saying which host did not.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            (exit, status) = await StatusAsync(hosts.Hosts[0].Namespace, file);
            var byName = status.GetProperty("hosts").EnumerateArray().ToDictionary(h => h.GetProperty("name").GetString()!);
            if (byName["h2"].GetProperty("membership").GetString() == "dead")
            {
                Assert.Equal(1, exit);
                Assert.False(byName["h2"].GetProperty("answered").GetBoolean());
                Assert.True(byName["h1"].GetProperty("answered").GetBoolean(), "the surviving host stopped answering");
                Assert.Equal(first.Pid, byName["h1"].GetProperty("process_id").GetInt32());
                return;
            }

            Assert.True(waited.Elapsed < DeathNoticed, $"h2 was killed {waited.Elapsed.TotalSeconds:0} s ago and is still '{byName["h2"].GetProperty("membership").GetString()}'");
            Assert.False(first.HasExited, $"the surviving worker exited: {first.Errors}");
        }
    }

    private Task<string> ClusterFileAsync(EmulatedHosts hosts) => ClusterFile.WriteAsync(hosts, postgres, Scratch.Path);

    private async Task<(int Exit, JsonElement Status)> StatusAsync(string netns, string file)
    {
        var result = await CommandRunner.RunAsync("ip", ["netns", "exec", netns, "env", $"{RuntimeRoot.EnvironmentVariable}={Scratch.Path}", "DOTNET_CLI_HOME=/tmp",
            "dotnet", Path.Combine(AppContext.BaseDirectory, "testbed.dll"), "cluster", "status", "--cluster", file, "--json"], TimeSpan.FromMinutes(2));
        Assert.True(result.StandardOutput.TrimStart().StartsWith('{'), string.Create(CultureInfo.InvariantCulture, $"exit {result.ExitCode}: {result.StandardOutput} {result.StandardError}"));
        return (result.ExitCode, JsonDocument.Parse(result.StandardOutput).RootElement.Clone());
    }
}
