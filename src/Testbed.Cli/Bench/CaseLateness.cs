using Testbed.Network.Emulation;

namespace Testbed.Cli.Bench;

/// <summary>
/// How late the emulator's frames left against their due time over one bench case, from the
/// seconds its links closed then: the median of the seconds' medians, each weighted by its
/// frames, and the worst second's 99th percentile. A frame's due time already holds its wait
/// in the link's queue, so this is the emulator's own error, where a probe's delay under load
/// also holds the queue that the load builds (as it would on a real link of that rate).
/// </summary>
internal sealed record CaseLateness(double P50Us, double P99Us)
{
    /// <summary>Null when no second had frames (or under netem, which has no such seconds).</summary>
    public static CaseLateness? Of(IReadOnlyList<LinkSecond> seconds)
    {
        var timed = seconds.Where(s => s is { Frames: > 0, LateP50Us: not null, LateP99Us: not null }).OrderBy(s => s.LateP50Us).ToList();
        if (timed.Count == 0)
        {
            return null;
        }

        var half = timed.Sum(s => s.Frames) / 2.0;
        var counted = 0L;
        var median = timed.First(s => (counted += s.Frames) >= half).LateP50Us!.Value;
        return new CaseLateness(median, timed.Max(s => s.LateP99Us!.Value));
    }
}
