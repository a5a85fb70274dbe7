using Testbed.Results.Files;

namespace Testbed.Results.Records;

/// <summary>The columns of calibration.csv: the one definition its writer, its reader and the database import use.</summary>
public sealed class CalibrationRowMap : RowMap<CalibrationRow>
{
    public static CalibrationRowMap Instance { get; } = new();

    public CalibrationRowMap()
    {
        Column(r => r.Index, "link");
        Column(r => r.A, "a");
        Column(r => r.B, "b");
        Column(r => r.Emulation, "emulation");
        Column(r => r.ConfiguredDelayMs, "configured_delay_ms");
        Column(r => r.MeasuredDelayMs, "measured_delay_ms");
        Column(r => r.DelayP99Ms, "delay_p99_ms");
        Column(r => r.DelayErrorMs, "delay_error_ms");
        Column(r => r.DelayToleranceMs, "delay_tolerance_ms");
        Column(r => r.ConfiguredMbps, "configured_mbps");
        Column(r => r.MeasuredMbps, "measured_mbps");
        Column(r => r.ThroughputRatio, "throughput_ratio");
        Column(r => r.Ok, "ok");
    }
}
