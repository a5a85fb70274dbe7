using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Testbed.Control.Hosting;

namespace Testbed.Control.Cluster;

/// <summary>An Orleans client of a lab cluster: it finds the silos' gateways in the membership table.</summary>
public static class LabClusterClient
{
    public static async Task<IHost> ConnectAsync(ClusterConfig config, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .UseAdoNetClustering(o =>
            {
                o.Invariant = LabClusterMember.Invariant;
                o.ConnectionString = config.DatabaseConnection;
            })
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = config.ClusterId;
                o.ServiceId = ClusterConfig.ServiceId;
            }));
        return await builder.Build().StartOrDisposeAsync(cancellationToken);
    }

    public static IClusterClient Client(this IHost host) => host.Services.GetRequiredService<IClusterClient>();
}
