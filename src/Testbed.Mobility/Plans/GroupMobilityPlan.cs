using Testbed.Mobility.Attachment;
using Testbed.Mobility.Tracks;

namespace Testbed.Mobility.Plans;

/// <summary>
/// Where one group's users go over a run, on the simulated clock: each user's sites
/// (<see cref="Users"/>, indexed by user) and, where known, its track for the map.
/// </summary>
public sealed record GroupMobilityPlan(IReadOnlyList<AttachmentHistory> Users, IReadOnlyList<UserTrack?> Tracks)
{
    /// <summary>Every handover of the group, in time order (then by user).</summary>
    public IReadOnlyList<Handover> Handovers => [.. Users.SelectMany(u => u.Handovers).OrderBy(h => h.TimeS).ThenBy(h => h.User)];

    /// <summary>The users at each site at <paramref name="timeS"/>.</summary>
    public IReadOnlyDictionary<string, int> UsersBySite(double timeS) =>
        Users.GroupBy(u => u.SiteAt(timeS)).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
