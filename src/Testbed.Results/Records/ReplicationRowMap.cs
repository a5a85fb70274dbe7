using Testbed.Results.Files;

namespace Testbed.Results.Records;

/// <summary>The columns of replications.csv: the one definition its writer, its reader and the database import use.</summary>
public sealed class ReplicationRowMap : RowMap<ReplicationRow>
{
    public static ReplicationRowMap Instance { get; } = new();

    public ReplicationRowMap()
    {
        Column(r => r.Kind, "kind");
        Column(r => r.Vm, "vm");
        Column(r => r.From, "from");
        Column(r => r.DataCenter, "data_center");
        Column(r => r.StartS, "start_s");
        Column(r => r.EndS, "end_s");
        Column(r => r.Outcome, "outcome");
        Column(r => r.QemuTotalMs, "qemu_total_ms");
        Column(r => r.QemuDowntimeMs, "qemu_downtime_ms");
        Column(r => r.Bytes, "bytes");
        Column(r => r.Reason, "reason");
        Column(r => r.Error, "error");
    }
}
