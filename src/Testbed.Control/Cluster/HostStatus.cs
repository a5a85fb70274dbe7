namespace Testbed.Control.Cluster;

/// <summary>
/// One host of the cluster file as the cluster sees it: its membership (Orleans' silo status,
/// or "absent" when it never joined), and, if it answered, whose process answered and how far
/// its clock is from the asker's.
/// </summary>
public sealed record HostStatus(
    string Name, string Address, string Membership, bool Answered, string? SiloAddress, int? ProcessId, string? MachineName, int? Cores,
    ClockOffset? Clock, string? Error);
