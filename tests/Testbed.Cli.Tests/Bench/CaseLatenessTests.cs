using Testbed.Cli.Bench;
using Testbed.Network.Emulation;

namespace Testbed.Cli.Tests.Bench;

public sealed class CaseLatenessTests
{
    private static LinkSecond Second(long frames, double? p50, double? p99) => new("a-b", "a>b", 0, frames, 0, p50, p99, 10, 10);

    [Fact]
    public void The_median_weighs_each_second_by_its_frames_and_the_p99_is_the_worst_seconds()
    {
        // 10 + 100 + 10 frames: the middle frame (the 60th of 120) is in the second whose median is 20.
        var lateness = CaseLateness.Of([Second(10, 5, 50), Second(100, 20, 90), Second(10, 400, 700)]);

        Assert.NotNull(lateness);
        Assert.Equal(20, lateness.P50Us);
        Assert.Equal(700, lateness.P99Us);
    }

    [Fact]
    public void Seconds_without_frames_do_not_count_and_none_at_all_give_nothing()
    {
        Assert.Equal(30, CaseLateness.Of([Second(0, null, null), Second(5, 30, 40)])!.P50Us);
        Assert.Null(CaseLateness.Of([Second(0, null, null)]));
        Assert.Null(CaseLateness.Of([]));
    }
}
