using Testbed.Mobility.Attachment;
using Testbed.Mobility.Models;
using Testbed.Mobility.Traces;
using Testbed.Mobility.Tracks;

namespace Testbed.Mobility.Plans;

/// <summary>
/// A group's whole mobility, worked out before the run starts: a model's tracks (or a trace's)
/// and the sites they attach to. Nothing moves during the run but the handovers it lists, so a
/// seed gives the same handovers, and the harness does no geometry while the guests run.
/// </summary>
public static class MobilityPlanner
{
    /// <param name="stepS">How often (simulated seconds) each user's attachment is looked at.</param>
    public static GroupMobilityPlan FromModel(IMobilityModel model, string group, int users, int seed, double durationS, SiteAttachment attachment, double stepS)
    {
        var tracks = Enumerable.Range(0, users).Select(user => model.Track(user, durationS, MobilitySeeds.For(seed, group, user))).ToList();
        return new GroupMobilityPlan([.. tracks.Select(t => attachment.Follow(t, durationS, stepS))], tracks);
    }

    /// <summary>A trace by place attaches through <paramref name="attachment"/>; a trace by site is its own attachment.</summary>
    public static GroupMobilityPlan FromTrace(IReadOnlyList<ReplayedUser> users, double durationS, SiteAttachment attachment, double stepS)
    {
        var histories = new List<AttachmentHistory>();
        for (var user = 0; user < users.Count; user++)
        {
            var replayed = users[user];
            if (replayed.Sites is { } sites)
            {
                var first = sites.LastOrDefault(s => s.TimeS <= 0, sites[0]).Site;
                var handovers = new List<Handover>();
                var current = first;
                foreach (var (time, site) in sites.Where(s => s.TimeS > 0 && s.TimeS <= durationS))
                {
                    if (site != current)
                    {
                        handovers.Add(new Handover(time, user, current, site));
                        current = site;
                    }
                }

                histories.Add(new AttachmentHistory(user, first, handovers));
            }
            else
            {
                histories.Add(attachment.Follow(replayed.Track!, durationS, stepS));
            }
        }

        return new GroupMobilityPlan(histories, [.. users.Select(u => u.Track)]);
    }
}
