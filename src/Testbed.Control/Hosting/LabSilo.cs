using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
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
    public static async Task<IHost> StartAsync(RunWorld world, ILoggerProvider runLog, CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

        // The run's log gets the silo's and the grains' messages; the terminal belongs to the
        // progress display, so only an error reaches it.
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(runLog);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).AddFilter<ConsoleLoggerProvider>(null, LogLevel.Error);
        builder.Services.AddLabHost(world);
        builder.Services.AddSingleton<IHostLifetime, OwnerHandledLifetime>();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: FreePort(), gatewayPort: FreePort(), serviceId: "testbed", clusterId: world.RunId)
            .AddTestbedControl());
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
