using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Testbed.Control.Grains;
using Testbed.Control.Hosting;

namespace Testbed.Control.Cluster;

/// <summary>
/// The silo of one lab machine in a cluster: Orleans' ADO.NET clustering on the lab's
/// PostgreSQL, named for its host and bound to the host's address on the hosts' own network.
/// </summary>
public static class LabClusterMember
{
    /// <summary>The ADO.NET provider Orleans loads for PostgreSQL.</summary>
    public const string Invariant = "Npgsql";

    /// <param name="agent">What takes this host's part in runs; null for a silo that only answers for its host.</param>
    public static async Task<IHost> StartAsync(ClusterConfig config, string hostName, Action<ILoggingBuilder> logging, HostRunAgent? agent, CancellationToken cancellationToken)
    {
        var host = config.Host(hostName);
        await ClusteringSchema.EnsureAsync(config.DatabaseConnection, cancellationToken);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        logging(builder.Logging);
        builder.Services.AddSingleton<SiloName>();
        if (agent is not null)
        {
            builder.Services.AddSingleton(agent);
        }

        builder.Services.AddSingleton<IHostLifetime, OwnerHandledLifetime>();
        builder.UseOrleans(silo => silo
            .UseLabMembership(config, config.ClusterId, host.Name)
            .ConfigureEndpoints(host.Address, config.SiloPort, config.GatewayPort, listenOnAnyHostAddress: false)
            .AddTestbedControl());
        return await builder.Build().StartOrDisposeAsync(cancellationToken);
    }
}
