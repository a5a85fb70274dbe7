using Microsoft.Extensions.DependencyInjection;
using Testbed.Control.Cluster;
using Testbed.Control.Grains;
using Testbed.Control.Hosts;
using Testbed.Control.World;
using Testbed.Results.Files;

namespace Testbed.Control.Hosting;

/// <summary>
/// What a silo's grains are given: this host's resources of the run, behind the interfaces the
/// grains know. The run's world itself is not given: no grain holds it.
/// </summary>
public static class LabHostServices
{
    public static IServiceCollection AddLabHost(this IServiceCollection services, RunWorld world) => services
        .AddSingleton<SiloName>()
        .AddSingleton(world.Experiment)
        .AddSingleton<IRunRecords>(world.Recorder)
        .AddSingleton<IGuestHost>(services => new QemuGuestHost(world, services.GetRequiredService<IGrainFactory>(), services.GetService<RunClockOffset>() ?? new RunClockOffset(0)))
        .AddSingleton<IRunLifetime>(world)
        .AddSingleton(services => new EmulatedWanHost(world, services.GetRequiredService<IGrainFactory>()))
        .AddSingleton<IWanHost>(services => services.GetRequiredService<EmulatedWanHost>())
        .AddSingleton<IClientHost>(new TestbedClientHost(world))
        .AddSingleton<IRouterHost>(new OverlayRouterHost(world))
        .AddSingleton(services => new EmulatedRunStages(world, services.GetRequiredService<IGrainFactory>()))
        .AddSingleton<IRunStages>(services => services.GetRequiredService<EmulatedRunStages>());
}
