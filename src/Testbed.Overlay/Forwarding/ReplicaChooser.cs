using Testbed.Overlay.Table;

namespace Testbed.Overlay.Forwarding;

/// <summary>
/// Picks the replica with the lowest overlay round trip from this router: its own data
/// center when it hosts one (no tunnel at all), otherwise the peer measured nearest. A
/// peer not yet measured counts as farthest; ties go to the entry's order, home first.
/// </summary>
public sealed class ReplicaChooser(string self, PeerLatencies latencies)
{
    public string Choose(LocationEntry entry)
    {
        if (entry.IsHostedAt(self))
        {
            return self;
        }

        var best = entry.DataCenters[0];
        var bestRtt = latencies.RoundTripMs(best) ?? double.PositiveInfinity;
        foreach (var candidate in entry.DataCenters.Skip(1))
        {
            var rtt = latencies.RoundTripMs(candidate) ?? double.PositiveInfinity;
            if (rtt < bestRtt)
            {
                (best, bestRtt) = (candidate, rtt);
            }
        }

        return best;
    }
}
