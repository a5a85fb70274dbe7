using Testbed.Results.Records;

namespace Testbed.Results.Files;

/// <summary>Everything one run recorded, as rows; runs recorded before cpu.csv and links.csv existed have none of their rows.</summary>
public sealed record RecordedRun(
    IReadOnlyList<RequestRow> Requests,
    IReadOnlyList<ProbeRow> Probes,
    IReadOnlyList<BrokenConnectionRow> BrokenConnections,
    IReadOnlyList<MigrationRow> Migrations,
    IReadOnlyList<ReplicationRow> Replications,
    IReadOnlyList<CpuRow>? Cpu = null,
    IReadOnlyList<LinkSecondRow>? LinkSeconds = null)
{
    public IReadOnlyList<CpuRow> CpuRows => Cpu ?? [];

    public IReadOnlyList<LinkSecondRow> LinkSecondRows => LinkSeconds ?? [];
}
