namespace Testbed.Control.Cluster;

/// <summary>`testbed run --cluster FILE [--pin NODE=HOST]...`: the cluster to run over, and the nodes the command line pins to a host.</summary>
public sealed record ClusterRunOptions(ClusterConfig Config, IReadOnlyDictionary<string, string> Pins);
