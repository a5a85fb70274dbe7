namespace Testbed.Control.Cluster;

/// <summary>How far this host's clock is ahead of the coordinator's, as measured at the run's start: 0 on the coordinator.</summary>
public sealed record RunClockOffset(double Milliseconds);
