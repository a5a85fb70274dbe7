using System.Text.Json;
using Testbed.TestSupport;
using Testbed.Workload.Timing;

namespace Testbed.Cli.Tests.Commands;

/// <summary>`testbed bench links --json` end to end, narrowed to one link and a two-link many-links case (UDP, then TCP), on a host with one process spinning, and one small network.</summary>
public sealed class BenchLinksCommandTests : ScratchRootTest
{
    [Fact]
    public async Task The_json_has_a_row_per_delay_and_load_and_per_network_size_and_the_run_leaves_nothing_behind()
    {
        var result = await TestbedCommand.RunAsync(Scratch.Path, "bench", "links", "--json", "--rates", "100", "--delays", "10", "--loads", "0,50", "--nodes", "10", "--cpu-busy", "1", "--many-links", "2");

        Assert.True(result.Succeeded, result.StandardError);
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Contains(json.RootElement.GetProperty("link_emulation").GetString(), (string[])["netem", "userspace"]);

        var links = json.RootElement.GetProperty("links").EnumerateArray().ToList();
        Assert.Equal([0, 50], links.Select(row => row.GetProperty("load_pct").GetInt32()));
        foreach (var row in links)
        {
            Assert.Equal(10, row.GetProperty("delay_ms").GetDouble());
            Assert.Equal(100, row.GetProperty("rate_mbps").GetDouble());
            Assert.Equal(1, row.GetProperty("cpu_busy").GetInt32());

            // Generous bounds: the bench reports the figures, the test only that they are of a faithful link.
            var median = row.GetProperty("delay_error_median_ms").GetDouble();
            var p99 = row.GetProperty("delay_error_p99_ms").GetDouble();
            Assert.InRange(median, -0.5, 2);
            Assert.True(p99 >= median, $"p99 {p99} below median {median}");
            Assert.InRange(row.GetProperty("throughput_ratio").GetDouble(), 0.8, 1.1);
            if (json.RootElement.GetProperty("link_emulation").GetString() == "userspace")
            {
                // The emulator's own figures: its CPU for what it carried, and lateness within a wake-up's reach.
                Assert.True(row.GetProperty("emulator_cpu_ms_per10k_frames").GetDouble() > 0);
                Assert.True(row.GetProperty("emulator_cpu_ms_per_gbit").GetDouble() > 0);
                Assert.True(row.GetProperty("earliest_us").GetDouble() >= -PreciseTimer.EarlyAllowance.TotalMicroseconds);
            }
        }

        // Two links loaded at once on a host with a process spinning: the case's figures, not its fidelity, are the test's.
        var many = json.RootElement.GetProperty("many_links").EnumerateArray().ToList();
        Assert.Equal(["udp", "tcp"], many.Select(row => row.GetProperty("transport").GetString()));
        foreach (var row in many)
        {
            Assert.Equal(2, row.GetProperty("links").GetInt32());
            Assert.Equal(90, row.GetProperty("load_pct").GetInt32());
            Assert.True(row.GetProperty("carried_mbps").GetDouble() > 0);
            Assert.InRange(row.GetProperty("worst_throughput_ratio").GetDouble(), 0.01, 1.1);
        }

        var build = Assert.Single(json.RootElement.GetProperty("build").EnumerateArray());
        Assert.Equal(10, build.GetProperty("nodes").GetInt32());
        Assert.True(build.GetProperty("build_s").GetDouble() > 0);
        Assert.True(build.GetProperty("teardown_s").GetDouble() > 0);
        // The spinning process was the run's, stopped with it by its pid file.
        Assert.Empty(Scratch.Root.RunDirectories());
    }
}
