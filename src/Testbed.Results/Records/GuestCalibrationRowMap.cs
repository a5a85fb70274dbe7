using Testbed.Results.Files;

namespace Testbed.Results.Records;

/// <summary>The columns of guest-calibration.csv: the one definition its writer, its reader and the database import use.</summary>
public sealed class GuestCalibrationRowMap : RowMap<GuestCalibrationRow>
{
    public static GuestCalibrationRowMap Instance { get; } = new();

    public GuestCalibrationRowMap()
    {
        Column(r => r.Vm, "vm");
        Column(r => r.DataCenter, "data_center");
        Column(r => r.Kind, "kind");
        Column(r => r.RequestBytes, "request_bytes");
        Column(r => r.Count, "count");
        Column(r => r.RttP50Ms, "rtt_p50_ms");
        Column(r => r.RttP99Ms, "rtt_p99_ms");
        Column(r => r.ServiceTimeMs, "service_time_ms");
        Column(r => r.TurnaroundP50Ms, "turnaround_p50_ms");
        Column(r => r.TurnaroundP99Ms, "turnaround_p99_ms");
    }
}
