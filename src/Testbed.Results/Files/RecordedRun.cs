using Testbed.Results.Records;

namespace Testbed.Results.Files;

/// <summary>Everything one run recorded, as rows.</summary>
public sealed record RecordedRun(
    IReadOnlyList<RequestRow> Requests,
    IReadOnlyList<ProbeRow> Probes,
    IReadOnlyList<BrokenConnectionRow> BrokenConnections,
    IReadOnlyList<MigrationRow> Migrations,
    IReadOnlyList<ReplicationRow> Replications);
