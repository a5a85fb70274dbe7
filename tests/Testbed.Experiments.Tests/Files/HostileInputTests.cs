using System.Text;
using Testbed.Experiments.Files;
using Testbed.Topology;

namespace Testbed.Experiments.Tests.Files;

/// <summary>
/// Files written to break the reader, and numbers written the other way round: each gets one
/// problem at its place, or reads as meant, never a crash, a hang or a wrapped value.
/// </summary>
public sealed class HostileInputTests
{
    private const string File = "hostile.yaml";

    private const string Minimal = """
        name: hostile
        duration: 30s
        topology:
          data_centers: [{ name: dc1 }]
          user_sites: [{ name: u1 }]
          links:
            - { a: u1, b: dc1, delay: 1ms }
        services:
          - { name: app, data_center: dc1 }
        user_groups:
          - { name: g, site: u1, service: app }

        """;

    /// <summary>A file that writes every field the sweep test varies.</summary>
    private const string Everything = """
        name: hostile
        duration: 30s
        seed: 1
        probe_interval: 5ms
        readdress_ttl: 1s
        topology:
          data_centers: [{ name: dc1 }]
          user_sites: [{ name: u1 }]
          links:
            - { a: u1, b: dc1, delay: 1ms, jitter: 0ms, loss: 0%, bandwidth: 100Mbit/s, queue_packets: 100 }
        services:
          - { name: app, data_center: dc1, memory: 128MiB, service_time: 2ms }
        user_groups:
          - { name: g, site: u1, service: app, users: 1, request_rate: 10/s }

        """;

    [Fact]
    public void Numbers_are_read_by_what_they_mean_however_they_are_written()
    {
        var (experiment, problems) = ExperimentLoader.CheckText(File, """
            name: numbers
            duration: 30s
            seed: 2147483647
            topology:
              data_centers:
                - { name: dc1, hosts: 2.0, location: { lat: 48, lon: 2 } }
              user_sites:
                - { name: u1, location: { lat: 50.5, lon: -1 } }
              links:
                - { a: u1, b: dc1 }
            services:
              - { name: app, data_center: dc1 }
            user_groups:
              - { name: g, site: u1, service: app, users: 3.0 }
            """);

        Assert.Empty(problems);
        Assert.Equal(int.MaxValue, experiment!.Seed);
        Assert.Equal(2, experiment.Topology.DataCenters[0].Hosts);
        Assert.Equal(new GeoPoint(48, 2), experiment.Topology.DataCenters[0].Location);
        Assert.Equal(new GeoPoint(50.5, -1), experiment.Topology.UserSites[0].Location);
        Assert.Equal(3, experiment.UserGroups[0].Users);
    }

    [Fact]
    public void An_alias_bomb_is_refused_at_its_first_anchor_before_anything_expands()
    {
        var bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (var level = 'b'; level <= 'j'; level++)
        {
            var previous = (char)(level - 1);
            bomb.Append(level).Append(": &").Append(level).Append(" [").AppendJoin(", ", Enumerable.Repeat($"*{previous}", 9)).Append("]\n");
        }

        var problem = Assert.Single(ExperimentLoader.CheckText(File, bomb.ToString()).Problems);

        Assert.Equal($"{File}:1:4: &a: anchors are not accepted; write each value out", problem.ToString());
    }

    [Fact]
    public void Nesting_far_past_the_limit_is_one_problem_not_a_stack_overflow()
    {
        var problem = Assert.Single(ExperimentLoader.CheckText(File, new string('[', 200_000)).Problems);

        // Column 65 is the first bracket past the limit of 64.
        Assert.Equal($"{File}:1:65: nested more than 64 levels deep", problem.ToString());
    }

    [Fact]
    public void A_file_larger_than_any_experiment_is_refused_without_being_read()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("tbt-hostile-").FullName, "large.yaml");
        try
        {
            System.IO.File.WriteAllText(path, Minimal + "# " + new string('x', ExperimentLoader.MaxFileBytes) + "\n");

            var problem = Assert.Single(ExperimentLoader.Check(path).Problems);

            Assert.Equal(new SourceLocation(path, 1, 1), problem.Location);
            Assert.EndsWith($"an experiment file is at most {ExperimentLoader.MaxFileBytes / 1024}KiB", problem.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void A_sweep_whose_size_would_overflow_a_long_is_refused_by_its_size()
    {
        // 13 fields of 100 values: 10^26 points, which a long product wraps to a negative count.
        string[] fields =
        [
            "duration", "seed", "probe_interval", "readdress_ttl", "topology.links.0.delay", "topology.links.0.jitter", "topology.links.0.loss",
            "topology.links.0.bandwidth", "topology.links.0.queue_packets", "services.0.memory", "services.0.service_time", "user_groups.0.users",
            "user_groups.0.request_rate",
        ];
        var values = $"[{string.Join(", ", Enumerable.Range(1, 100))}]";
        var text = Everything + "sweep:\n" + string.Concat(fields.Select(f => $"  {f}: {values}\n"));

        var problem = Assert.Single(ExperimentLoader.CheckPlanText(File, text).Problems);

        Assert.Equal(Everything.Split('\n').Length, problem.Location.Line);
        Assert.Equal($"sweep: {string.Join(" × ", fields.Select(_ => 100))} points is more than 1000", problem.Message);
    }

    [Fact]
    public void Sweep_values_get_the_same_ranges_as_the_file()
    {
        var problems = ExperimentLoader.CheckPlanText(File, Minimal + "sweep:\n  duration: [30s, 300000000h]\n").Problems;

        Assert.Contains(problems, p => p.Location.Line == 13 && p.Message.StartsWith("'300000000h' is more than the testbed can run", StringComparison.Ordinal));
    }
}
