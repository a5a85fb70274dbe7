namespace Testbed.Control.Cluster;

/// <summary>One silo's row of a cluster's membership: its name, status, address and generation (a start's, so the newest is what it is now).</summary>
public sealed record MemberRow(string SiloName, SiloStatus Status, string Address, int Generation);
