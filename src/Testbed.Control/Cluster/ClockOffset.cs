namespace Testbed.Control.Cluster;

/// <summary>
/// How far a host's clock is ahead of this one, as NTP estimates it: from the exchange with the
/// shortest round trip (the one least delayed by queues), the remote reading against the
/// middle of the exchange. The true offset is within half that round trip of the estimate,
/// whatever the delays each way were.
/// </summary>
public sealed record ClockOffset(double OffsetMs, double UncertaintyMs, double RoundTripMs, int Samples)
{
    public static ClockOffset From(IReadOnlyList<ClockSample> samples)
    {
        if (samples.Count == 0)
        {
            throw new ArgumentException("no exchange to estimate from", nameof(samples));
        }

        var best = samples.MinBy(s => s.RoundTrip);
        if (best.RoundTrip < TimeSpan.Zero)
        {
            throw new ArgumentException("an answer came back before its question left: this clock stepped meanwhile", nameof(samples));
        }

        var middle = best.Sent + (best.RoundTrip / 2);
        return new ClockOffset((best.RemoteNow - middle).TotalMilliseconds, best.RoundTrip.TotalMilliseconds / 2, best.RoundTrip.TotalMilliseconds, samples.Count);
    }

    /// <summary>A time read on the host's clock, put on this one's.</summary>
    public DateTime ToLocal(DateTime remote) => remote - TimeSpan.FromMilliseconds(OffsetMs);
}
