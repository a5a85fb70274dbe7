using System.Globalization;
using Testbed.Results.Records;

namespace Testbed.Results.Summary;

/// <summary>
/// Whether the user-space link emulator kept to its links' configuration through the
/// timeline: the seconds in which some link was off-spec (its frames left later than its
/// calibration tolerance, or the emulator waited longer than that for a CPU), overall and
/// by phase, and which links those were.
/// <see cref="Status"/> is "degraded" when such seconds are more than
/// <see cref="DegradedShare"/> of the timeline, "ok" otherwise, and "not-measured" when no
/// link reported (netem, whose timing is the kernel's, or a run recorded before links.csv).
/// </summary>
public sealed record LinkFidelity(
    string Status, int TimelineSeconds, int OffSpecSeconds, double OffSpecShare,
    IReadOnlyDictionary<string, int> OffSpecSecondsByPhase, IReadOnlyList<string> OffSpecLinkSeconds)
{
    public const string Ok = "ok";
    public const string Degraded = "degraded";
    public const string NotMeasured = "not-measured";

    /// <summary>A run whose links were not watched at all (recorded before links.csv existed).</summary>
    public static LinkFidelity Unmeasured { get; } = new(NotMeasured, 0, 0, 0, new Dictionary<string, int>(), []);

    /// <summary>The share of the timeline a run may be off-spec and still count as faithful.</summary>
    public const double DegradedShare = 0.05;

    /// <summary>At most this many link-seconds are named; the counts cover them all.</summary>
    private const int NamedAtMost = 50;

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsDegraded => Status == Degraded;

    public static LinkFidelity Of(IReadOnlyList<LinkSecondRow> rows, IReadOnlyList<TimelinePhase> phases, double durationS)
    {
        var timelineSeconds = (int)Math.Ceiling(durationS);
        var inTimeline = rows.Where(r => r.TimeS > 0 && r.TimeS <= durationS + 1).ToList();
        if (inTimeline.Count == 0)
        {
            return new LinkFidelity(NotMeasured, timelineSeconds, 0, 0, new Dictionary<string, int>(), []);
        }

        // A row ends its second: the second it covers began one second before.
        var offSpec = inTimeline.Where(r => r.OffSpec).ToList();
        var seconds = offSpec.Select(r => (int)Math.Floor(r.TimeS - 0.5)).Distinct().ToList();
        var share = timelineSeconds == 0 ? 0 : (double)seconds.Count / timelineSeconds;
        return new LinkFidelity(
            share > DegradedShare ? Degraded : Ok,
            timelineSeconds,
            seconds.Count,
            Math.Round(share, 4),
            phases.ToDictionary(p => p.Name, p => seconds.Count(s => p.Contains(s)), StringComparer.Ordinal),
            [.. offSpec.Take(NamedAtMost).Select(r => string.Create(CultureInfo.InvariantCulture,
                $"{r.Link} {r.Direction} at {r.TimeS:0.#} s: median {r.LateP50Us:0} µs late, emulator waited {r.WakeDelayUs:0} µs a wake-up (tolerance {r.ToleranceUs:0} µs)"))]);
    }
}
