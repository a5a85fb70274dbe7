namespace Testbed.Workload.Probing;

/// <summary>
/// A silence a user saw: the probes lost between two answered ones. <see cref="Duration"/>
/// is the downtime the user observed: the time between sending the answered probe before
/// the silence and the answered probe after it, so the span in which every request sent was
/// lost, to within one probe interval. Send times, not arrival times, bound it: a probe
/// that sat in the guest's receive ring through a migration is answered after the resume,
/// but it says nothing about requests sent later.
/// </summary>
/// <param name="LastSentBefore">When the answered probe before the silence was sent.</param>
/// <param name="FirstSentAfter">When the answered probe after the silence was sent.</param>
/// <param name="LastAnswerBefore">When the answer to the probe before the silence arrived.</param>
/// <param name="FirstAnswerAfter">When the answer to the probe after the silence arrived: service is back for the user.</param>
/// <param name="UnansweredProbes">How many probes were lost in the silence.</param>
public sealed record ProbeGap(DateTimeOffset LastSentBefore, DateTimeOffset FirstSentAfter, DateTimeOffset LastAnswerBefore, DateTimeOffset FirstAnswerAfter, int UnansweredProbes)
{
    public TimeSpan Duration => FirstSentAfter - LastSentBefore;

    /// <summary>
    /// The silence around <paramref name="instant"/>: the probe before it was sent at or
    /// before the instant, the answer to the probe after it came after the instant. With the
    /// instant a migration's destination RESUME, this is the downtime the user saw for that
    /// migration. The longest such, when several qualify; null when the silence has not ended.
    /// </summary>
    public static ProbeGap? Spanning(IEnumerable<ProbeSample> samples, DateTimeOffset instant) =>
        Silences(samples).Where(g => g.LastSentBefore <= instant && g.FirstAnswerAfter > instant).MaxBy(g => g.Duration);

    /// <summary>The longest silence whose bounding answers both arrived in [from, to]; null with fewer than two answers.</summary>
    public static ProbeGap? Longest(IEnumerable<ProbeSample> samples, DateTimeOffset from, DateTimeOffset to) =>
        Silences(samples).Where(g => g.LastAnswerBefore >= from && g.FirstAnswerAfter <= to).MaxBy(g => g.Duration);

    /// <summary>Every pair of answered probes next to each other in sending order, with the lost ones between them.</summary>
    private static IEnumerable<ProbeGap> Silences(IEnumerable<ProbeSample> samples)
    {
        ProbeSample? previous = null;
        var lost = 0;
        foreach (var sample in samples.OrderBy(s => s.Sequence))
        {
            if (sample.AnsweredAt is not { } answered)
            {
                lost++;
                continue;
            }

            if (previous is { } before)
            {
                yield return new ProbeGap(before.SentAt, sample.SentAt, before.AnsweredAt!.Value, answered, lost);
            }

            previous = sample;
            lost = 0;
        }
    }
}
