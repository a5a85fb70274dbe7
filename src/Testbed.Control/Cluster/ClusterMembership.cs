using Orleans.Configuration;

namespace Testbed.Control.Cluster;

/// <summary>
/// How every silo of a lab cluster keeps its membership: Orleans' ADO.NET clustering on the
/// cluster's PostgreSQL, under <paramref name="clusterId"/> (the workers' cluster, or a run's
/// own), named for its host.
/// </summary>
public static class ClusterMembership
{
    public static ISiloBuilder UseLabMembership(this ISiloBuilder silo, ClusterConfig config, string clusterId, string host) => silo
        .UseAdoNetClustering(o =>
        {
            o.Invariant = LabClusterMember.Invariant;
            o.ConnectionString = config.DatabaseConnection;
        })
        .Configure<ClusterOptions>(o =>
        {
            o.ClusterId = clusterId;
            o.ServiceId = ClusterConfig.ServiceId;
        })
        .Configure<SiloOptions>(o => o.SiloName = host);
}
