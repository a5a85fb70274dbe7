namespace Testbed.Control.Cluster;

/// <summary>
/// A cluster of lab machines, as its file says (<see cref="ClusterConfigFile"/>): the Orleans
/// cluster they form, the PostgreSQL database their membership lives in, the ports of each
/// silo, and the hosts. The first host is the coordinator, where `testbed run --cluster`
/// runs and the results are assembled.
/// </summary>
public sealed record ClusterConfig(string ClusterId, string DatabaseConnection, int SiloPort, int GatewayPort, IReadOnlyList<ClusterHost> Hosts)
{
    /// <summary>Orleans' service id: the same for every testbed cluster, so a cluster id alone tells them apart.</summary>
    public const string ServiceId = "testbed";

    public ClusterHost Coordinator => Hosts[0];

    public ClusterHost Host(string name) => Hosts.FirstOrDefault(h => h.Name == name)
        ?? throw new ArgumentException($"no host '{name}' in the cluster (hosts: {string.Join(", ", Hosts.Select(h => h.Name))})", nameof(name));
}
