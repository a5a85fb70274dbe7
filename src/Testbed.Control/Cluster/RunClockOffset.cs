namespace Testbed.Control.Cluster;

/// <summary>
/// How far this host's clock is ahead of the coordinator's, as measured at the run's start: 0
/// on the coordinator. Every instant that crosses hosts is put on the coordinator's clock on
/// its way out and back on the receiver's on its way in.
/// </summary>
public sealed record RunClockOffset(double Milliseconds)
{
    public DateTimeOffset ToCoordinator(DateTimeOffset here) => here - TimeSpan.FromMilliseconds(Milliseconds);

    public DateTimeOffset FromCoordinator(DateTimeOffset coordinator) => coordinator + TimeSpan.FromMilliseconds(Milliseconds);
}
