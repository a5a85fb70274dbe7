namespace Testbed.Workload.Probing;

/// <summary>
/// The longest silence a user saw: from the last answer before it to the first answer
/// after it. <see cref="Duration"/> is the downtime the user observed.
/// </summary>
public sealed record ProbeGap(DateTimeOffset LastAnswerBefore, DateTimeOffset FirstAnswerAfter, int UnansweredProbes)
{
    public TimeSpan Duration => FirstAnswerAfter - LastAnswerBefore;

    /// <summary>
    /// The silence around <paramref name="instant"/>: from the last answer at or before it to
    /// the first answer to a probe sent at or after it. With the instant a migration's
    /// destination RESUME (nothing answers while the VM runs nowhere), this is the downtime
    /// the user saw for that migration. Only probes sent after the instant can end it: one
    /// that sat in the guest's receive ring through the pause is answered after the resume,
    /// but it says nothing about requests sent later (under readdress, those still go
    /// nowhere). Probes held in a queue and answered late do count as silence: their answers
    /// arrive only when the VM runs again. Null when no answer came on either side.
    /// </summary>
    public static ProbeGap? Spanning(IEnumerable<ProbeSample> samples, DateTimeOffset instant)
    {
        var ordered = samples.OrderBy(s => s.Sequence).ToList();
        var before = ordered.Where(s => s.AnsweredAt <= instant).Select(s => s.AnsweredAt).Max();
        var after = ordered.Where(s => s.SentAt >= instant && s.AnsweredAt is not null).Select(s => s.AnsweredAt).Min();
        return before is { } from && after is { } to
            ? new ProbeGap(from, to, ordered.Count(s => s.AnsweredAt is null && s.SentAt >= from && s.SentAt <= to))
            : null;
    }

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
