using Testbed.Workload.Probing;

namespace Testbed.Workload.Tests.Probing;

public sealed class ProbeGapTests
{
    private static readonly DateTimeOffset Zero = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Probes every 5 ms from 0; each answered after 1 ms unless its sequence is in <paramref name="lost"/>.</summary>
    private static List<ProbeSample> Probes(int count, params int[] lost) =>
        [.. Enumerable.Range(0, count).Select(i => new ProbeSample(
            (ulong)i,
            Zero.AddMilliseconds(5 * i),
            lost.Contains(i) ? null : Zero.AddMilliseconds((5 * i) + 1)))];

    [Fact]
    public void The_longest_silence_runs_from_the_last_answer_before_to_the_first_after()
    {
        var samples = Probes(100, [10, 11, 12, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59]);

        var gap = ProbeGap.Longest(samples, Zero, Zero.AddSeconds(1));

        Assert.NotNull(gap);
        Assert.Equal(Zero.AddMilliseconds(49 * 5 + 1), gap.LastAnswerBefore);
        Assert.Equal(Zero.AddMilliseconds(60 * 5 + 1), gap.FirstAnswerAfter);
        Assert.Equal(TimeSpan.FromMilliseconds(55), gap.Duration);
        Assert.Equal(10, gap.UnansweredProbes);
    }

    [Fact]
    public void Without_loss_the_gap_is_one_probe_interval()
    {
        var gap = ProbeGap.Longest(Probes(20), Zero, Zero.AddSeconds(1));

        Assert.Equal(TimeSpan.FromMilliseconds(5), gap!.Duration);
        Assert.Equal(0, gap.UnansweredProbes);
    }

    [Fact]
    public void Only_answers_inside_the_window_count()
    {
        var samples = Probes(100, [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 70, 71]);

        var gap = ProbeGap.Longest(samples, Zero.AddMilliseconds(200), Zero.AddSeconds(1));

        Assert.Equal(TimeSpan.FromMilliseconds(15), gap!.Duration);
    }

    [Fact]
    public void Fewer_than_two_answers_make_no_gap()
    {
        Assert.Null(ProbeGap.Longest(Probes(3, [0, 1]), Zero, Zero.AddSeconds(1)));
        Assert.Null(ProbeGap.Longest([], Zero, Zero.AddSeconds(1)));
    }

    [Fact]
    public void The_gap_spanning_an_instant_is_that_silence_even_when_a_longer_one_came_earlier()
    {
        var samples = Probes(200, [.. Enumerable.Range(10, 30), 150, 151]);

        var gap = ProbeGap.Spanning(samples, Zero.AddMilliseconds(150 * 5));

        Assert.Equal(Zero.AddMilliseconds(149 * 5 + 1), gap!.LastAnswerBefore);
        Assert.Equal(Zero.AddMilliseconds(152 * 5 + 1), gap.FirstAnswerAfter);
        Assert.Equal(2, gap.UnansweredProbes);
    }

    [Fact]
    public void A_silence_that_has_not_ended_is_no_gap_yet()
    {
        Assert.Null(ProbeGap.Spanning(Probes(50, [.. Enumerable.Range(40, 10)]), Zero.AddMilliseconds(40 * 5)));
    }

    [Fact]
    public void Probes_answered_late_from_the_guest_s_receive_ring_do_not_end_the_silence()
    {
        // 100..102 were in the guest's ring when it paused and are answered 400 ms later, after the resume; 103..199 are lost.
        var samples = Probes(300, [.. Enumerable.Range(103, 97)]);
        for (var i = 100; i <= 102; i++)
        {
            samples[i] = samples[i] with { AnsweredAt = samples[i].SentAt.AddMilliseconds(400) };
        }

        var resume = Zero.AddMilliseconds(104 * 5);
        var gap = ProbeGap.Spanning(samples, resume);

        Assert.NotNull(gap);
        Assert.Equal(Zero.AddMilliseconds(99 * 5 + 1), gap.LastAnswerBefore);
        Assert.Equal(Zero.AddMilliseconds(200 * 5 + 1), gap.FirstAnswerAfter);
        Assert.Equal(TimeSpan.FromMilliseconds(101 * 5), gap.Duration);
        Assert.Equal(97, gap.UnansweredProbes);
    }

    [Fact]
    public void Probes_held_in_a_queue_through_the_pause_and_answered_late_are_part_of_the_silence()
    {
        // 100..199 queued at the destination, through the pause and until the guest woke, all answered in one burst at 1000 ms; the resume is at 800 ms.
        var samples = Probes(300);
        for (var i = 100; i < 200; i++)
        {
            samples[i] = samples[i] with { AnsweredAt = Zero.AddMilliseconds(1000) };
        }

        var gap = ProbeGap.Spanning(samples, Zero.AddMilliseconds(800));

        Assert.Equal(Zero.AddMilliseconds(99 * 5 + 1), gap!.LastAnswerBefore);
        Assert.Equal(Zero.AddMilliseconds(1000), gap.FirstAnswerAfter);
    }
}
