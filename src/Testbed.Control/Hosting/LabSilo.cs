using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Testbed.Control.Cluster;
using Testbed.Control.Grains;
using Testbed.Control.World;

namespace Testbed.Control.Hosting;

/// <summary>
/// The silo `testbed run` hosts in its own process: localhost clustering, Orleans'
/// embedded default, so there is nothing to install. Ports are chosen free at start, so two
/// runs (or a run and the tests) never collide.
/// </summary>
public static class LabSilo
{
    public static Task<IHost> StartAsync(RunWorld world, ILoggerProvider runLog, CancellationToken cancellationToken = default) =>
        StartAsync(world, runLog, silo => silo
            .UseLocalhostClustering(siloPort: FreePort(IPAddress.Loopback), gatewayPort: FreePort(IPAddress.Loopback), serviceId: "testbed", clusterId: world.RunId)
            .AddTestbedControl(), _ => { }, cancellationToken);

    /// <summary>
    /// One host's silo of a run over several lab machines: the run's own cluster (its id the
    /// run's), membership in the lab's PostgreSQL, bound to the host's address on the hosts'
    /// network at free ports, and named for the host, which is how data centers and the
    /// coordinator's grains are placed.
    /// </summary>
    public static Task<IHost> StartRunMemberAsync(
        RunWorld world, ILoggerProvider runLog, ClusterConfig config, string host, IReadOnlyDictionary<string, string> dataCenterHosts,
        Action<IServiceCollection> services, CancellationToken cancellationToken = default)
    {
        var address = config.Host(host).Address;
        return StartAsync(world, runLog, silo => silo
            .UseLabMembership(config, world.RunId, host)
            .ConfigureEndpoints(address, FreePort(address), FreePort(address), listenOnAnyHostAddress: false)
            .AddTestbedControl(o =>
            {
                foreach (var (dataCenter, owner) in dataCenterHosts)
                {
                    o.DataCenterSilos[dataCenter] = owner;
                }

                o.Coordinator = config.Coordinator.Name;
            }), services, cancellationToken);
    }

    private static async Task<IHost> StartAsync(
        RunWorld world, ILoggerProvider runLog, Action<ISiloBuilder> configure, Action<IServiceCollection> services, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

        // The run's log gets the silo's and the grains' messages; the terminal belongs to the
        // progress display, so only an error reaches it.
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(runLog);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).AddFilter<ConsoleLoggerProvider>(null, LogLevel.Error);
        builder.Services.AddLabHost(world);
        services(builder.Services);
        builder.Services.AddSingleton<IHostLifetime, OwnerHandledLifetime>();
        builder.UseOrleans(configure);
        return await builder.Build().StartOrDisposeAsync(cancellationToken);
    }

    private static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
