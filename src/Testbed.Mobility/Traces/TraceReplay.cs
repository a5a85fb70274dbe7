using System.Globalization;
using Testbed.Mobility.Tracks;
using Testbed.Topology;

namespace Testbed.Mobility.Traces;

/// <summary>
/// Checks a trace against the run and turns it into users: rows in time order, sites that
/// exist, no user faster than the stated limit, and as many users as the group has, drawn
/// from the trace's by the run's seed. Each problem is a <see cref="TraceFormatException"/> at its line.
/// </summary>
public static class TraceReplay
{
    /// <param name="sites">The run's user sites and their locations (null where the topology gives none).</param>
    /// <param name="users">How many of the trace's users the group replays; the rest are left out.</param>
    public static IReadOnlyList<ReplayedUser> Prepare(Trace trace, TraceReplayOptions options, IReadOnlyDictionary<string, GeoPoint?> sites, int users, Random random)
    {
        if (trace.Rows.Count == 0)
        {
            throw TraceFormatException.At(trace.Path, 1, "the trace has no rows");
        }

        for (var i = 1; i < trace.Rows.Count; i++)
        {
            if (trace.Rows[i].TimeS < trace.Rows[i - 1].TimeS)
            {
                throw TraceFormatException.At(trace.Path, trace.Rows[i].Line, string.Create(CultureInfo.InvariantCulture,
                    $"time {trace.Rows[i].TimeS}s is before the previous row's {trace.Rows[i - 1].TimeS}s: a trace is in time order"));
            }
        }

        foreach (var row in trace.Rows.Where(r => r.Site is not null && !sites.ContainsKey(r.Site)))
        {
            throw TraceFormatException.At(trace.Path, row.Line, $"no user site is named '{row.Site}'; the user sites are {string.Join(", ", sites.Keys)}");
        }

        var ids = trace.Users;
        if (ids.Count < users)
        {
            throw TraceFormatException.At(trace.Path, 1, $"the trace has {ids.Count} users and the group {users}: a group replays at most as many users as its trace has");
        }

        // A partial Fisher-Yates draw of the users, kept in the order they first appear.
        var order = ids.ToArray();
        for (var i = 0; i < users; i++)
        {
            var j = i + random.Next(order.Length - i);
            (order[i], order[j]) = (order[j], order[i]);
        }

        // Every user is checked, the ones left out too: whether a trace is refused does not
        // depend on the seed.
        var chosen = order.Take(users).ToHashSet(StringComparer.Ordinal);
        var replayed = new List<ReplayedUser>();

        // Each user's rows, in file order, gathered in one pass: a trace of many users and rows
        // would otherwise be scanned once per user.
        var rowsOf = trace.Rows.GroupBy(r => r.User, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var rows = rowsOf[id];
            var points = new List<TrackPoint>();
            foreach (var row in rows)
            {
                var place = row.Position ?? (row.Site is not null ? sites[row.Site] : null);
                if (place is { } p)
                {
                    var time = (row.TimeS - options.OffsetS) * options.TimeScale;
                    if (points.Count > 0 && options.MaxSpeedKmh is { } limit)
                    {
                        CheckSpeed(trace.Path, row, id, points[^1], new TrackPoint(time, p), limit);
                    }

                    points.Add(new TrackPoint(time, p));
                }
            }

            if (!chosen.Contains(id))
            {
                continue;
            }

            var track = points.Count == rows.Count ? new UserTrack(replayed.Count, points) : null;
            var bySite = trace.BySite ? rows.Select(r => ((r.TimeS - options.OffsetS) * options.TimeScale, r.Site!)).ToList() : null;
            replayed.Add(new ReplayedUser(id, track, bySite));
        }

        return replayed;
    }

    private static void CheckSpeed(string path, TraceRow row, string user, TrackPoint from, TrackPoint to, double limitKmh)
    {
        var km = from.Position.DistanceKmTo(to.Position);
        var hours = (to.TimeS - from.TimeS) / 3600;
        if (km > 0 && (hours <= 0 || km / hours > limitKmh))
        {
            var speed = hours <= 0 ? "in no time" : string.Create(CultureInfo.InvariantCulture, $"at {km / hours:0.#} km/h");
            throw TraceFormatException.At(path, row.Line, string.Create(CultureInfo.InvariantCulture,
                $"user {user} moves {km:0.###} km {speed}, faster than the stated limit of {limitKmh:0.#} km/h"));
        }
    }
}
