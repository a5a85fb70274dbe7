using System.Net;

namespace Testbed.Control.Cluster;

/// <summary>A machine of the cluster: its silo's name and the address of its own network that the others reach it on.</summary>
public sealed record ClusterHost(string Name, IPAddress Address);
