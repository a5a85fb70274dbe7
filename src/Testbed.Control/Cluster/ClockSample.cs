namespace Testbed.Control.Cluster;

/// <summary>One exchange with a host: this clock when the question left and when the answer came, and the host's clock in between.</summary>
public readonly record struct ClockSample(DateTime Sent, DateTime RemoteNow, DateTime Received)
{
    public TimeSpan RoundTrip => Received - Sent;
}
