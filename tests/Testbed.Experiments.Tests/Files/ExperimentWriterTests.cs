using Testbed.Experiments.Files;
using Testbed.TestSupport;

namespace Testbed.Experiments.Tests.Files;

/// <summary>experiment.yaml in the results is the experiment written back: it must read as the same experiment.</summary>
public sealed class ExperimentWriterTests
{
    public static TheoryData<string> Shipped() =>
        [.. Directory.GetFiles(RepositoryRoot.Combine("experiments"), "*.yaml", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(RepositoryRoot.Path, f))];

    [Theory]
    [MemberData(nameof(Shipped))]
    public void A_shipped_experiment_written_back_validates_and_writes_back_the_same(string file)
    {
        var experiment = ExperimentLoader.Load(RepositoryRoot.Combine(file));
        var written = ExperimentWriter.ToYaml(experiment);

        var (again, problems) = ExperimentLoader.CheckText("experiment.yaml", written);

        Assert.Empty(problems);
        Assert.Equal(written, ExperimentWriter.ToYaml(again!));
        Assert.Equal(experiment.Duration, again!.Duration);
        Assert.Equal(experiment.Timeline.Count, again.Timeline.Count);
        Assert.Equal(experiment.Topology.Links.Select(l => l.Properties), again.Topology.Links.Select(l => l.Properties));
    }

    [Fact]
    public void Overrides_change_the_choice_and_refuse_what_it_cannot_run()
    {
        var experiment = ExperimentLoader.Load(RepositoryRoot.Combine("experiments", "examples", "one-move.yaml"));

        var readdressed = ExperimentOverrides.Apply(experiment, "readdress", null, 42);
        Assert.Equal(Testbed.Topology.Routing.MechanismKind.Readdress, readdressed.Mechanism);
        Assert.Equal(42, readdressed.Seed);

        var refused = Assert.Throws<ArgumentException>(() => ExperimentOverrides.Apply(experiment, null, "follow-users", null));
        Assert.Contains("needs policy 'scripted'", refused.Message, StringComparison.Ordinal);
        var flashCrowd = ExperimentLoader.Load(RepositoryRoot.Combine("experiments", "paper", "flash-crowd.yaml"));
        Assert.Contains("replicas need", Assert.Throws<ArgumentException>(() => ExperimentOverrides.Apply(flashCrowd, "l2-stretch", null, null)).Message, StringComparison.Ordinal);
    }
}
