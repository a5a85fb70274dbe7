using Testbed.Results.Records;
using Testbed.Results.Summary;

namespace Testbed.Results.Tests.Summary;

/// <summary>The CPU and link-fidelity figures of summary.json, from the rows of cpu.csv and links.csv.</summary>
public sealed class HarnessFiguresTests
{
    private static readonly IReadOnlyList<TimelinePhase> Phases = TimelinePhase.Split(20, [(10.0, "migrate")]);

    [Fact]
    public void A_phase_s_cpu_is_each_role_s_time_over_the_seconds_observed_in_it()
    {
        // Stamped as the monitor stamps them, a moment after the end of the second each
        // covers: the row of the tenth second (9.01-10.01) is still the first phase's.
        List<CpuRow> rows = [];
        for (var t = 1; t <= 20; t++)
        {
            var end = t + 0.01;
            rows.Add(new CpuRow(end, "host", CpuRow.HostIdleRole, 1500, 1));
            rows.Add(new CpuRow(end, "app-dc1", CpuRow.GuestRole, 400, 1));
            rows.Add(new CpuRow(end, "client-users", "client", t <= 10 ? 50 : 100, 1));
            rows.Add(new CpuRow(end, "testbed/link-emulator", "link-emulator", 30, 1));
        }

        var before = PhaseCpu.Of(rows, Phases[0])!;
        var after = PhaseCpu.Of(rows, Phases[1])!;

        Assert.Equal(10, before.ObservedS);
        Assert.Equal(5 + 3, before.HarnessCorePct);
        Assert.Equal(10 + 3, after.HarnessCorePct);
        Assert.Equal(40, before.GuestsCorePct);
        Assert.Equal(150, before.HostIdleCorePct);
        Assert.Equal(5, before.RoleCorePct["client"]);
        Assert.Null(PhaseCpu.Of([], Phases[0]));
    }

    private static LinkSecondRow Second(double t, double lateP50Us) => new(t, "r1-r2", "a>b", 100, 0, lateP50Us, lateP50Us * 2, 20, 300);

    [Fact]
    public void A_run_is_degraded_when_its_links_were_off_spec_in_more_than_5_percent_of_its_seconds()
    {
        // 20 s: one off-spec second is 5%, still faithful; two are 10%.
        var one = Enumerable.Range(1, 20).Select(t => Second(t, t == 5 ? 900 : 40)).ToList();
        var two = Enumerable.Range(1, 20).Select(t => Second(t, t is 5 or 15 ? 900 : 40)).ToList();

        var ok = LinkFidelity.Of(one, Phases, 20);
        var degraded = LinkFidelity.Of(two, Phases, 20);

        Assert.Equal(LinkFidelity.Ok, ok.Status);
        Assert.Equal(1, ok.OffSpecSeconds);
        Assert.Equal(LinkFidelity.Degraded, degraded.Status);
        Assert.Equal(2, degraded.OffSpecSeconds);
        Assert.Equal(1, degraded.OffSpecSecondsByPhase[Phases[0].Name]);
        Assert.Equal(1, degraded.OffSpecSecondsByPhase[Phases[1].Name]);
        Assert.Equal(2, degraded.OffSpecLinkSeconds.Count);
    }

    [Fact]
    public void A_second_is_off_spec_when_frames_left_late_or_the_emulator_waited_for_a_cpu_beyond_the_tolerance()
    {
        Assert.False(new LinkSecondRow(1, "a-b", "a>b", 10, 0, 299, 900, 299, 300).OffSpec);
        Assert.True(new LinkSecondRow(1, "a-b", "a>b", 10, 0, 301, 900, 20, 300).OffSpec);
        Assert.True(new LinkSecondRow(1, "a-b", "a>b", 10, 0, 20, 40, 5000, 300).OffSpec);
        Assert.False(new LinkSecondRow(1, "a-b", "a>b", 0, 3, null, null, null, 300).OffSpec);
    }

    [Fact]
    public void Without_link_seconds_fidelity_is_not_measured()
    {
        Assert.Equal(LinkFidelity.NotMeasured, LinkFidelity.Of([], Phases, 20).Status);
    }
}
