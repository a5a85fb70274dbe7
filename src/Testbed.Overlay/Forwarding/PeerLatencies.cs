using System.Collections.Concurrent;

namespace Testbed.Overlay.Forwarding;

/// <summary>
/// The overlay round trip to each peer router, smoothed like TCP's SRTT (a 1/8 weight
/// for each new sample), so one delayed heartbeat does not move flows.
/// </summary>
public sealed class PeerLatencies
{
    private const double Weight = 0.125;

    private readonly ConcurrentDictionary<string, double> _smoothed = new(StringComparer.Ordinal);

    public double? RoundTripMs(string peer) => _smoothed.TryGetValue(peer, out var rtt) ? rtt : null;

    public void Sample(string peer, double roundTripMs) =>
        _smoothed.AddOrUpdate(peer, roundTripMs, (_, previous) => previous + (Weight * (roundTripMs - previous)));

    public IReadOnlyDictionary<string, double> Snapshot() => _smoothed.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
