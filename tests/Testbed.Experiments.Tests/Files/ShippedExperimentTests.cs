using Testbed.Experiments.Files;
using Testbed.Experiments.Model;
using Testbed.Topology.Routing;

namespace Testbed.Experiments.Tests.Files;

/// <summary>Every experiment the repository ships validates, and reads as it says.</summary>
public sealed class ShippedExperimentTests
{
    private static readonly string Experiments = Path.Combine(RepositoryRoot(), "experiments");

    private static List<string> Shipped() =>
        [.. Directory.EnumerateFiles(Experiments, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f => Path.GetRelativePath(Experiments, f))];

    public static TheoryData<string> Files() => [.. Shipped()];

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_shipped_experiment_validates(string file)
    {
        var (experiment, problems) = ExperimentLoader.Check(Path.Combine(Experiments, file));

        Assert.Empty(problems.Select(p => p.ToString()));
        Assert.NotNull(experiment);
    }

    [Fact]
    public void The_paper_s_scenarios_are_all_there()
    {
        Assert.Equal(["paper/commuters-geant.yaml", "paper/flash-crowd.yaml", "paper/follow-the-users.yaml", "paper/mechanisms.yaml", "paper/migration-settings.yaml", "paper/random-waypoint.yaml", "paper/trace-replay.yaml"],
            Shipped().Where(f => f.StartsWith("paper/", StringComparison.Ordinal)));
    }

    [Fact]
    public void Follow_the_users_reads_with_units_converted_and_defaults_filled()
    {
        var experiment = ExperimentLoader.Load(Path.Combine(Experiments, "paper", "follow-the-users.yaml"));

        Assert.Equal("follow-the-users", experiment.Name);
        Assert.Equal(TimeSpan.FromSeconds(90), experiment.Duration);
        Assert.Equal(MechanismKind.Overlay, experiment.Mechanism);
        Assert.Equal(TimeSpan.FromMilliseconds(5), experiment.ProbeInterval);
        Assert.Equal(new PolicySpec(PolicyKind.FollowUsers, TimeSpan.FromSeconds(2), 20), experiment.Policy);
        Assert.Equal(["dc1", "dc2", "dc3"], experiment.Topology.DataCenters.Select(d => d.Name));
        Assert.Equal(100, experiment.Topology.Links.Single(l => l.A == "r1" && l.B == "r2").Properties.BandwidthMbps);
        Assert.Equal(new ServiceSpec("app", "dc1", 128, 1, TimeSpan.FromMilliseconds(2), 1), Assert.Single(experiment.Services));
        Assert.Equal(new UserGroupSpec("travellers", "near1", "app", 4, 5, 64, true), Assert.Single(experiment.UserGroups));
        Assert.Equal(
            [new MoveGroup(TimeSpan.FromSeconds(20), "travellers", "near2", TimeSpan.FromSeconds(10)), new MoveGroup(TimeSpan.FromSeconds(50), "travellers", "near3", TimeSpan.FromSeconds(10))],
            experiment.Timeline);
    }

    [Fact]
    public void The_schema_file_is_the_one_the_loader_checks_against()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(Experiments, "schema.json")), ExperimentSchema.Text);
    }

    private static string RepositoryRoot()
    {
        for (var directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "Testbed.sln")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException($"no Testbed.sln above {AppContext.BaseDirectory}");
    }
}
