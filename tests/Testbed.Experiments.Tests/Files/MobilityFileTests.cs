using Testbed.Experiments.Files;
using Testbed.Experiments.Mobility;
using Testbed.Experiments.Model;
using Testbed.Mobility.Models;

namespace Testbed.Experiments.Tests.Files;

/// <summary>A group's mobility block, as a file writes it: each model, a trace beside the file, the plan a run takes from it, and the file written back.</summary>
public sealed class MobilityFileTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tbt-mobility-");

    private static string File(string groups, string extra = "") => $$"""
        name: mobile
        duration: 60s
        seed: 5
        time_compression: 60
        {{extra}}
        topology:
          data_centers: [{ name: dc1 }]
          user_sites:
            - { name: west, location: { lat: 47.0, lon: 8.0 } }
            - { name: east, location: { lat: 47.0, lon: 9.0 } }
            - { name: north, location: { lat: 47.6, lon: 8.5 } }
          links:
            - { a: west, b: dc1, delay: 1ms }
            - { a: east, b: dc1, delay: 1ms }
            - { a: north, b: dc1, delay: 1ms }
        services:
          - { name: app, data_center: dc1 }
        user_groups:
        {{groups}}
        """;

    public void Dispose() => _folder.Delete(recursive: true);

    private Experiment Load(string text)
    {
        var path = Path.Combine(_folder.FullName, "mobile.yaml");
        System.IO.File.WriteAllText(path, text);
        var (experiment, problems) = ExperimentLoader.Check(path);
        Assert.Empty(problems.Select(p => p.ToString()));
        return experiment!;
    }

    [Theory]
    [InlineData("{ model: random-waypoint, area: { hull: [west, east, north] }, min_speed: 30km/h, max_speed: 20m/s, max_pause: 5min }", RandomWaypointModel.ModelName)]
    [InlineData("{ model: random-waypoint, area: { box: [46.9, 7.9, 47.7, 9.1] }, min_speed: 30km/h, max_speed: 90km/h }", RandomWaypointModel.ModelName)]
    [InlineData("{ model: gauss-markov, area: { box: [46.9, 7.9, 47.7, 9.1] }, mean_speed: 60km/h, alpha: 0.9 }", GaussMarkovModel.ModelName)]
    [InlineData("{ model: nomadic, mean_dwell: 10min, speed: 80km/h }", NomadicModel.ModelName)]
    [InlineData("{ model: commuter, homes: [west, north], works: [east], speed: 70km/h, spread: 20min, handover: { hysteresis: 5km } }", CommuterModel.ModelName)]
    public void Each_model_binds_and_the_same_seed_plans_the_same_handovers_on_the_run_clock(string mobility, string model)
    {
        var experiment = Load(File($"  - {{ name: crowd, service: app, users: 12, request_rate: 1/s, mobility: {mobility} }}"));
        var group = Assert.Single(experiment.UserGroups);
        Assert.Equal(model, group.Mobility!.Name);
        Assert.Equal("", group.Site);

        var plan = MobilityPlans.For(experiment, group);
        Assert.Equal(plan.Handovers, MobilityPlans.For(experiment, group).Handovers);
        Assert.Equal(12, plan.Users.Count);

        // The run lasts 60 s, an hour of simulated time: every handover falls inside it, on
        // the plan's looks (every 100 ms of the run, 6 s simulated).
        Assert.All(plan.Handovers, h => Assert.InRange(MobilityPlans.RunSeconds(experiment, h.TimeS), 0.1, 60));
        Assert.All(plan.Handovers, h => Assert.Equal(0, Math.Round(h.TimeS / 6, 6) % 1, 6));

        // Another seed, other tracks.
        var reseeded = experiment with { Seed = 6 };
        Assert.NotEqual(plan.Tracks.Select(t => t!.Points[^1]), MobilityPlans.For(reseeded, group).Tracks.Select(t => t!.Points[^1]));
    }

    [Fact]
    public void A_trace_out_of_time_order_is_refused_at_its_own_line_through_the_experiment()
    {
        System.IO.File.WriteAllText(Path.Combine(_folder.FullName, "walk.csv"), "t_s,user,site\n0,a,west\n600,a,east\n0,b,east\n");
        var path = Path.Combine(_folder.FullName, "mobile.yaml");
        System.IO.File.WriteAllText(path, File("  - { name: walkers, service: app, users: 1, mobility: { model: trace, file: walk.csv } }"));

        var problem = Assert.Single(ExperimentLoader.Check(path).Problems);

        Assert.EndsWith($"{Path.Combine(_folder.FullName, "walk.csv")}:4: time 0s is before the previous row's 600s: a trace is in time order", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_trace_by_site_replays_its_sites_at_the_compressed_times()
    {
        System.IO.File.WriteAllText(Path.Combine(_folder.FullName, "walk.csv"), "t_s,user,site\n0,a,west\n0,b,east\n600,a,east\n1200,a,north\n");
        var experiment = Load(File("  - { name: walkers, service: app, users: 2, mobility: { model: trace, file: walk.csv } }"));
        var group = Assert.Single(experiment.UserGroups);

        var plan = MobilityPlans.For(experiment, group);

        // 600 s and 1200 s of the trace are 10 s and 20 s of a run compressed sixty-fold.
        Assert.Equal(["west", "east"], plan.Users.Select(u => u.FirstSite));
        Assert.Equal([(10.0, 0, "east"), (20.0, 0, "north")], plan.Handovers.Select(h => (MobilityPlans.RunSeconds(experiment, h.TimeS), h.User, h.To)));
    }

    [Fact]
    public void The_file_written_back_reads_as_the_same_mobility_from_anywhere()
    {
        System.IO.File.WriteAllText(Path.Combine(_folder.FullName, "walk.csv"), "t_s,user,lat,lon\n0,a,47.0,8.0\n3600,a,47.0,9.0\n");
        var experiment = Load(File("""
              - { name: walkers, service: app, users: 1, mobility: { model: trace, file: walk.csv, offset: 10s, time_scale: 2, max_speed: 200km/h } }
              - { name: nomads, service: app, users: 3, mobility: { model: nomadic, mean_dwell: 5min, handover: { dwell: 30s } } }
            """));

        // The run's copy goes elsewhere (the results directory): the trace's path is absolute in it.
        var elsewhere = Directory.CreateTempSubdirectory("tbt-written-");
        try
        {
            var written = Path.Combine(elsewhere.FullName, "experiment.yaml");
            System.IO.File.WriteAllText(written, ExperimentWriter.ToYaml(experiment));
            var (again, problems) = ExperimentLoader.Check(written);
            Assert.Empty(problems.Select(p => p.ToString()));
            Assert.Equal(60, again!.TimeCompression);
            foreach (var (before, after) in experiment.UserGroups.Zip(again.UserGroups))
            {
                Assert.Equal(MobilityPlans.For(experiment, before).Handovers, MobilityPlans.For(again, after).Handovers);
                Assert.Equal(before.Mobility!.Handover, after.Mobility!.Handover);
            }
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }
}
