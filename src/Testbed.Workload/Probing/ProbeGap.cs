namespace Testbed.Workload.Probing;

/// <summary>
/// The longest silence a user saw: from the last answer before it to the first answer
/// after it. <see cref="Duration"/> is the downtime the user observed.
/// </summary>
public sealed record ProbeGap(DateTimeOffset LastAnswerBefore, DateTimeOffset FirstAnswerAfter, int UnansweredProbes)
{
    public TimeSpan Duration => FirstAnswerAfter - LastAnswerBefore;

    /// <summary>The longest gap between consecutive answers received in [from, to]; null with fewer than two answers.</summary>
    public static ProbeGap? Longest(IEnumerable<ProbeSample> samples, DateTimeOffset from, DateTimeOffset to)
    {
        var ordered = samples.OrderBy(s => s.Sequence).ToList();
        var answered = ordered
            .Where(s => s.AnsweredAt is { } at && at >= from && at <= to)
            .OrderBy(s => s.AnsweredAt)
            .ToList();
        ProbeGap? longest = null;
        for (var i = 1; i < answered.Count; i++)
        {
            var before = answered[i - 1].AnsweredAt!.Value;
            var after = answered[i].AnsweredAt!.Value;
            if (longest is null || after - before > longest.Duration)
            {
                var lost = ordered.Count(s => s.AnsweredAt is null && s.SentAt >= before && s.SentAt <= after);
                longest = new ProbeGap(before, after, lost);
            }
        }

        return longest;
    }
}
