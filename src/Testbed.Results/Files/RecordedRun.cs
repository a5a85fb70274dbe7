using Testbed.Results.Records;

namespace Testbed.Results.Files;

/// <summary>Everything one run recorded, as rows; runs recorded before cpu.csv, links.csv, guest-calibration.csv, paths.csv, handovers.csv, tracks.csv and map.csv (or fault events) existed have none of their rows.</summary>
public sealed record RecordedRun(
    IReadOnlyList<RequestRow> Requests,
    IReadOnlyList<ProbeRow> Probes,
    IReadOnlyList<BrokenConnectionRow> BrokenConnections,
    IReadOnlyList<MigrationRow> Migrations,
    IReadOnlyList<ReplicationRow> Replications,
    IReadOnlyList<CpuRow>? Cpu = null,
    IReadOnlyList<LinkSecondRow>? LinkSeconds = null,
    IReadOnlyList<GuestCalibrationRow>? GuestCalibration = null,
    IReadOnlyList<PathRow>? Paths = null,
    IReadOnlyList<RunFault>? Faults = null,
    IReadOnlyList<HandoverRow>? Handovers = null,
    IReadOnlyList<TrackRow>? Tracks = null,
    IReadOnlyList<MapRow>? Map = null)
{
    public IReadOnlyList<MapRow> MapRows => Map ?? [];

    public IReadOnlyList<HandoverRow> HandoverRows => Handovers ?? [];

    public IReadOnlyList<TrackRow> TrackRows => Tracks ?? [];

    public IReadOnlyList<RunFault> FaultRows => Faults ?? [];

    public IReadOnlyList<GuestCalibrationRow> GuestCalibrationRows => GuestCalibration ?? [];

    public IReadOnlyList<PathRow> PathRows => Paths ?? [];

    public IReadOnlyList<CpuRow> CpuRows => Cpu ?? [];

    public IReadOnlyList<LinkSecondRow> LinkSecondRows => LinkSeconds ?? [];
}
