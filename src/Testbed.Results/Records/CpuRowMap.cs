using Testbed.Results.Files;

namespace Testbed.Results.Records;

/// <summary>The columns of cpu.csv: the one definition its writer, its reader and the database import use.</summary>
public sealed class CpuRowMap : RowMap<CpuRow>
{
    public static CpuRowMap Instance { get; } = new();

    public CpuRowMap()
    {
        Column(r => r.TimeS, "t_s");
        Column(r => r.Process, "process");
        Column(r => r.Role, "role");
        Column(r => r.CpuMs, "cpu_ms");
        Column(r => r.IntervalS, "interval_s");
        Column(r => r.CorePct, "core_pct", format: "0.##");
    }
}
