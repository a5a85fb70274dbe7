using Testbed.Results.Records;

namespace Testbed.Results.Summary;

/// <summary>
/// The CPU of one timeline phase, in percent of one core, averaged over the
/// <see cref="ObservedS"/> seconds that cpu.csv covers of it: the harness (every role but
/// the guests), the guests' QEMU processes, the host's idle time, and each role.
/// </summary>
public sealed record PhaseCpu(double ObservedS, double HarnessCorePct, double GuestsCorePct, double HostIdleCorePct, IReadOnlyDictionary<string, double> RoleCorePct)
{
    /// <summary>Null when no CPU row falls in the phase.</summary>
    /// <remarks>
    /// A row is stamped at the end of the second it covers; it counts in the phase that holds
    /// the middle of that second, so that the second before an event (stamped a moment after
    /// it) stays in the phase it measured.
    /// </remarks>
    public static PhaseCpu? Of(IEnumerable<CpuRow> rows, TimelinePhase phase)
    {
        var inPhase = rows.Where(r => phase.Contains(r.TimeS - (r.IntervalS / 2))).ToList();
        var observedS = inPhase.Where(r => r.Role == CpuRow.HostIdleRole).Sum(r => r.IntervalS);
        if (observedS <= 0)
        {
            return null;
        }

        double Pct(IEnumerable<CpuRow> selected) => Math.Round(selected.Sum(r => r.CpuMs) / (observedS * 1000) * 100, 1);
        var work = inPhase.Where(r => r.Role != CpuRow.HostIdleRole).ToList();
        return new PhaseCpu(
            Math.Round(observedS, 3),
            Pct(work.Where(r => r.Role != CpuRow.GuestRole)),
            Pct(work.Where(r => r.Role == CpuRow.GuestRole)),
            Pct(inPhase.Where(r => r.Role == CpuRow.HostIdleRole)),
            work.GroupBy(r => r.Role).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Pct(g), StringComparer.Ordinal));
    }
}
