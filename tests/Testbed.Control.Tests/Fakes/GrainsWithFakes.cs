using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Testbed.Control.Grains;
using Testbed.Control.Hosting;
using Testbed.Control.Hosts;
using Testbed.Experiments.Files;
using Testbed.Experiments.Model;
using Testbed.Results.Files;
using Testbed.TestSupport;

namespace Testbed.Control.Tests.Fakes;

/// <summary>
/// A real silo (Orleans' in-process test cluster) whose grains get fake host services through
/// the silo's container, as each host's silo gets its own real ones: no root, no QEMU, no network.
/// </summary>
public sealed class GrainsWithFakes : IAsyncLifetime, IAsyncDisposable
{
    private InProcessTestCluster? _cluster;

    internal FakeRunRecords Records { get; } = new();

    internal FakeGuestHost Guests { get; }

    internal FakeWanHost Wan { get; }

    internal FakeClientHost Clients { get; } = new();

    internal FakeRouterHost Routers { get; }

    internal FakeRunStages Stages { get; }

    internal FakeRunLifetime Lifetime { get; } = new();

    /// <param name="adjust">Changes to the one-move example the test is about.</param>
    public GrainsWithFakes(Func<Experiment, Experiment>? adjust = null)
    {
        Guests = new FakeGuestHost(Records);
        var example = ExperimentLoader.Load(RepositoryRoot.Combine("experiments", "examples", "one-move.yaml"));
        Experiment = adjust is null ? example : adjust(example);
        Wan = new FakeWanHost(Experiment.Topology);
        Routers = new FakeRouterHost(Guests);
        Stages = new FakeRunStages(Experiment);
    }

    /// <summary>
    /// The one-move example unless the test adjusted it: app in dc1, two users at near2, whose
    /// nearest data center is dc2 (25 ms one way, against 41 ms to dc1).
    /// </summary>
    public Experiment Experiment { get; }

    public IGrainFactory Grains => _cluster?.Client ?? throw new InvalidOperationException("the cluster is not deployed");

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);

        // The silo's log would go beside the test binaries, one file a test: nothing to leave behind.
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services
                .AddSingleton<SiloName>()
                .AddSingleton(Experiment)
                .AddSingleton<IRunRecords>(Records)
                .AddSingleton<IGuestHost>(Guests)
                .AddSingleton<IWanHost>(Wan)
                .AddSingleton<IClientHost>(Clients)
                .AddSingleton<IRouterHost>(Routers)
                .AddSingleton<IRunStages>(Stages)
                .AddSingleton<IRunLifetime>(Lifetime);
            silo.AddTestbedControl();
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        Lifetime.Abort("the test ended");
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }

        Lifetime.Dispose();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());
}
