using Testbed.Mobility.Geography;
using Testbed.Mobility.Tracks;
using Testbed.Topology;

namespace Testbed.Mobility.Attachment;

/// <summary>
/// Which user site each user is attached to as it moves: the nearest, under the handover
/// rule, looked at every <c>stepS</c> of simulated time (the resolution of a handover's time).
/// </summary>
public sealed class SiteAttachment
{
    private readonly IReadOnlyList<NamedPlace> _sites;
    private readonly HandoverRule _rule;

    public SiteAttachment(IReadOnlyList<NamedPlace> sites, HandoverRule rule)
    {
        if (sites.Count == 0)
        {
            throw new ArgumentException("users attach to user sites, and there are none with a location", nameof(sites));
        }

        _sites = sites;
        _rule = rule;
    }

    /// <summary>The site nearest to <paramref name="point"/>; of two as near, the first listed.</summary>
    public NamedPlace Nearest(GeoPoint point)
    {
        var best = _sites[0];
        var bestKm = point.DistanceKmTo(best.Position);
        for (var i = 1; i < _sites.Count; i++)
        {
            var km = point.DistanceKmTo(_sites[i].Position);
            if (km < bestKm)
            {
                (best, bestKm) = (_sites[i], km);
            }
        }

        return best;
    }

    public AttachmentHistory Follow(UserTrack track, double durationS, double stepS)
    {
        if (!(stepS > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(stepS), stepS, "the attachment is looked at every so many seconds, more than 0");
        }

        var current = Nearest(track.PositionAt(0));
        var first = current.Name;
        var handovers = new List<Handover>();
        NamedPlace? pending = null;
        var pendingSince = 0.0;
        var steps = (long)Math.Floor(durationS / stepS);
        for (long k = 1; k <= steps; k++)
        {
            var t = k * stepS;
            var here = track.PositionAt(t);
            var nearest = Nearest(here);
            var better = nearest != current && here.DistanceKmTo(nearest.Position) + _rule.HysteresisKm < here.DistanceKmTo(current.Position);
            if (!better)
            {
                pending = null;
                continue;
            }

            if (pending != nearest)
            {
                (pending, pendingSince) = (nearest, t);
            }

            if (t - pendingSince >= _rule.DwellS)
            {
                handovers.Add(new Handover(t, track.User, current.Name, nearest.Name));
                (current, pending) = (nearest, null);
            }
        }

        return new AttachmentHistory(track.User, first, handovers);
    }
}
