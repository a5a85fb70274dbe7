namespace Testbed.Results.Records;

/// <summary>
/// The CPU one process of the run took over the <see cref="IntervalS"/> seconds up to
/// <see cref="TimeS"/>: <see cref="CorePct"/> is in percent of one core. The host's idle
/// time is a row too (process "host", role <see cref="HostIdleRole"/>), so that what the
/// harness took and what was left over read from one file.
/// </summary>
public sealed record CpuRow(double TimeS, string Process, string Role, double CpuMs, double IntervalS)
{
    /// <summary>The role of the host's idle row: the cores' time that nothing ran.</summary>
    public const string HostIdleRole = "idle";

    /// <summary>The role of the guests' QEMU processes; every other role is the harness.</summary>
    public const string GuestRole = "guest";

    public double CorePct => IntervalS <= 0 ? 0 : CpuMs / (IntervalS * 1000) * 100;
}
