using NetArchTest.Rules;
using Testbed.Qemu.Qmp;
using Testbed.Topology;

namespace Testbed.Architecture.Tests;

/// <summary>Rules inside assemblies, on the namespaces their types use.</summary>
public sealed class NamespaceRuleTests
{
    [Fact]
    public void The_topology_model_is_pure_it_does_no_io_starts_no_process_and_waits_on_nothing()
    {
        var result = Types.InAssembly(typeof(WanTopology).Assembly)
            .ShouldNot().HaveDependencyOnAny(
                "System.IO", "System.Diagnostics.Process", "System.Diagnostics.Stopwatch", "System.Net.Sockets",
                "System.Threading.Tasks", "System.Threading.Thread", "System.Threading.Timer", "System.TimeProvider", "System.Runtime.InteropServices")
            .GetResult();

        Assert.Empty(result.FailingTypes?.Select(type => type.FullName) ?? []);
    }

    [Fact]
    public void The_mobility_model_is_pure_it_does_no_io_starts_no_process_and_waits_on_nothing()
    {
        // Tracks and handovers are worked out before a run, from the seed alone: the caller
        // reads trace files, so the same input gives the same handovers in a test as in a run.
        var result = Types.InAssembly(typeof(Mobility.Plans.MobilityPlanner).Assembly)
            .ShouldNot().HaveDependencyOnAny(
                "System.IO", "System.Diagnostics.Process", "System.Diagnostics.Stopwatch", "System.Net.Sockets",
                "System.Threading.Tasks", "System.Threading.Thread", "System.Threading.Timer", "System.TimeProvider", "System.Runtime.InteropServices")
            .GetResult();

        Assert.Empty(result.FailingTypes?.Select(type => type.FullName) ?? []);
    }

    [Fact]
    public void The_qmp_client_uses_nothing_of_the_testbed_beyond_itself()
    {
        var result = Types.InAssembly(typeof(QmpClient).Assembly)
            .That().ResideInNamespace("Testbed.Qemu.Qmp")
            .ShouldNot().HaveDependencyOnAny("Testbed.Lab", "Testbed.Workload", "Testbed.Qemu.Host", "Testbed.Qemu.Image", "Testbed.Qemu.Migration")
            .GetResult();

        Assert.Empty(result.FailingTypes?.Select(type => type.FullName) ?? []);
    }

    [Fact]
    public void The_experiment_model_knows_no_file_format()
    {
        var result = Types.InAssembly(typeof(Experiments.Model.Experiment).Assembly)
            .That().ResideInNamespace("Testbed.Experiments.Model")
            .ShouldNot().HaveDependencyOnAny("YamlDotNet", "Json.Schema", "System.Text.Json", "Testbed.Experiments.Files")
            .GetResult();

        Assert.Empty(result.FailingTypes?.Select(type => type.FullName) ?? []);
    }

    [Fact]
    public void Grains_and_the_player_reach_this_host_only_through_its_host_services()
    {
        // A grain that held the run's world, or drove QEMU, Mininet or a router itself, would
        // work on one host only, and could not be tested with fakes.
        var result = Types.InAssembly(typeof(Control.Grains.ExperimentGrain).Assembly)
            .That().ResideInNamespace("Testbed.Control.Grains").Or().ResideInNamespace("Testbed.Control.Policies")
            .Or().HaveNameStartingWith(nameof(Control.Runs.ExperimentPlayer))
            .ShouldNot().HaveDependencyOnAny("Testbed.Control.World", "Testbed.Network", "Testbed.Qemu", "Testbed.Mechanisms", "Testbed.Overlay", "Testbed.Lab")
            .GetResult();

        Assert.Empty(result.FailingTypes?.Select(type => type.FullName) ?? []);
    }
}
