using Testbed.Experiments.Files;
using Testbed.Experiments.Model;
using Testbed.TestSupport;
using Testbed.Topology.Routing;

namespace Testbed.Experiments.Tests.Files;

/// <summary>`sweep:` and `repeat:`: the points are the cartesian product, each checked like a file of its own.</summary>
public sealed class SweepTests
{
    private static readonly string OneMove = File.ReadAllText(RepositoryRoot.Combine("experiments", "examples", "one-move.yaml"));

    /// <summary>The line of "sweep:" in the text <see cref="Check"/> builds.</summary>
    private static int SweepLine => (OneMove + "\n").Count(c => c == '\n') + 1;

    private static (ExperimentPlan? Plan, IReadOnlyList<ExperimentProblem> Problems) Check(string sweep) =>
        ExperimentLoader.CheckPlanText("sweep.yaml", OneMove + "\n" + sweep);

    [Fact]
    public void The_points_are_the_cartesian_product_with_the_first_field_varying_slowest()
    {
        var (plan, problems) = Check("""
            sweep:
              mechanism: [overlay, readdress]
              topology.links.r1-r2.delay: [10ms, 50ms, 80ms]
              services.app.memory: [160MiB]
            repeat: 2
            """);

        Assert.Empty(problems);
        Assert.NotNull(plan);
        Assert.True(plan.IsSweep);
        Assert.Equal(["mechanism", "topology.links.r1-r2.delay", "services.app.memory"], plan.SweptFields);
        Assert.Equal(6, plan.Points.Count);
        Assert.Equal(12, plan.RunCount);
        Assert.Equal([1, 2, 3, 4, 5, 6], plan.Points.Select(p => p.Number));
        Assert.Equal("mechanism=overlay, topology.links.r1-r2.delay=50ms, services.app.memory=160MiB", plan.Points[1].Label);
        Assert.Equal(
            [(MechanismKind.Overlay, 10.0), (MechanismKind.Overlay, 50.0), (MechanismKind.Overlay, 80.0), (MechanismKind.Readdress, 10.0), (MechanismKind.Readdress, 50.0), (MechanismKind.Readdress, 80.0)],
            plan.Points.Select(p => (p.Experiment.Mechanism, p.Experiment.Topology.Links.Single(l => l.A == "r1" && l.B == "r2").Properties.DelayMs)));
        Assert.All(plan.Points, p => Assert.Equal(160, p.Experiment.Services.Single().MemoryMib));
        Assert.Equal(96, plan.Base.Services.Single().MemoryMib);
    }

    [Fact]
    public void Links_are_found_by_their_ends_in_either_order_and_lists_by_index()
    {
        var (plan, problems) = Check("""
            sweep:
              topology.links.r2-r1.bandwidth: [50Mbit/s]
              timeline.0.at: [5s, 10s]
            """);

        Assert.Empty(problems);
        Assert.Equal([5.0, 10.0], plan!.Points.Select(p => p.Experiment.Timeline[0].At.TotalSeconds));
        Assert.All(plan.Points, p => Assert.Equal(50, p.Experiment.Topology.Links.Single(l => l.A == "r1" && l.B == "r2").Properties.BandwidthMbps));
        Assert.Equal(1, plan.Repeat);
    }

    [Fact]
    public void A_field_the_file_leaves_to_its_default_can_be_swept()
    {
        var (plan, problems) = Check("""
            sweep:
              probe_interval: [2ms, 10ms]
            """);

        Assert.Empty(problems);
        Assert.Equal([2.0, 10.0], plan!.Points.Select(p => p.Experiment.ProbeInterval.TotalMilliseconds));
    }

    [Fact]
    public void A_bad_value_is_reported_at_the_value_in_the_sweep_block_with_its_point()
    {
        var (plan, problems) = Check("""
            sweep:
              mechanism: [overlay, teleport]
              services.app.memory: [1GiB, 0MiB]
            """);

        Assert.Null(plan);
        var texts = problems.Select(p => p.ToString()).ToList();
        Assert.Contains(texts, t => t.StartsWith($"sweep.yaml:{SweepLine + 1}:", StringComparison.Ordinal) && t.Contains("teleport", StringComparison.Ordinal) && t.Contains("(sweep point mechanism=teleport", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith($"sweep.yaml:{SweepLine + 2}:", StringComparison.Ordinal) && t.Contains("0MiB", StringComparison.Ordinal));
        // One report per bad value, not one per point that uses it.
        Assert.Single(texts, t => t.Contains("teleport", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("services.web.memory", "has no item 'web' (it has app)")]
    [InlineData("topology.links.r1-r9.delay", "has no item 'r1-r9'")]
    [InlineData("policy.kind.x", "'policy.kind' is a value")]
    [InlineData("name", "'name' cannot be swept")]
    [InlineData("topology.routers.x", "'topology' has no 'routers'")]
    public void A_path_that_names_nothing_is_refused_at_its_key(string field, string message)
    {
        var (plan, problems) = Check($"""
            sweep:
              {field}: [1]
            """);

        Assert.Null(plan);
        var problem = Assert.Single(problems);
        Assert.Equal((SweepLine + 1, 3), (problem.Location.Line, problem.Location.Column));
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_keys_for_one_field_and_an_empty_list_are_refused()
    {
        Assert.Contains(Check("""
            sweep:
              topology.links.r1-r2.delay: [1ms]
              topology.links.r2-r1.delay: [2ms]
            """).Problems, p => p.Message.Contains("names the same field as 'topology.links.r1-r2.delay'", StringComparison.Ordinal));
        Assert.NotEmpty(Check("""
            sweep:
              mechanism: []
            """).Problems);
        Assert.NotEmpty(Check("repeat: 0").Problems);
    }

    [Fact]
    public void A_file_without_a_sweep_is_one_point_run_once()
    {
        var (plan, problems) = ExperimentLoader.CheckPlanText("one.yaml", OneMove);

        Assert.Empty(problems);
        Assert.False(plan!.IsSweep);
        Assert.Same(plan.Base, Assert.Single(plan.Points).Experiment);
        Assert.Equal(1, plan.RunCount);
    }

    [Fact]
    public void The_paper_s_mechanisms_experiment_sweeps_the_four_mechanisms()
    {
        var (plan, problems) = ExperimentLoader.CheckPlan(RepositoryRoot.Combine("experiments", "paper", "mechanisms.yaml"));

        Assert.Empty(problems);
        Assert.Equal(Enum.GetValues<MechanismKind>().Order(), plan!.Points.Select(p => p.Experiment.Mechanism).Order());
        Assert.True(plan.Repeat >= 2);
    }
}
