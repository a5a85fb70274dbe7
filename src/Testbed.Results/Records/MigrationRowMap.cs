using Testbed.Results.Files;

namespace Testbed.Results.Records;

/// <summary>The columns of migrations.csv: the one definition its writer, its reader and the database import use.</summary>
public sealed class MigrationRowMap : RowMap<MigrationRow>
{
    public static MigrationRowMap Instance { get; } = new();

    public MigrationRowMap()
    {
        Column(r => r.Vm, "vm");
        Column(r => r.From, "from");
        Column(r => r.To, "to");
        Column(r => r.StartS, "start_s");
        Column(r => r.EndS, "end_s");
        Column(r => r.Outcome, "outcome");
        Column(r => r.ResumeS, "resume_s");
        Column(r => r.QemuTotalMs, "qemu_total_ms");
        Column(r => r.QemuDowntimeMs, "qemu_downtime_ms");
        Column(r => r.RestoreMs, "restore_ms");
        Column(r => r.SwitchoverMs, "switchover_ms");
        Column(r => r.Bytes, "bytes");
        Column(r => r.Reason, "reason");
        Column(r => r.Error, "error");
        Column(r => r.StopS, "stop_s");
        Column(r => r.InFlightMs, "in_flight_ms");
        Column(r => r.LoadMs, "load_ms");
        Column(r => r.PathReadyMs, "path_ready_ms");
        Column(r => r.GuestFirstFrameMs, "guest_first_frame_ms");
        Column(r => r.SendBufferBytes, "send_buffer_bytes");
        Column(r => r.UnsentLimitBytes, "unsent_limit_bytes");
        Column(r => r.ReceiveBufferBytes, "receive_buffer_bytes");
        Column(r => r.PathQueuePackets, "path_queue_packets");
        Column(r => r.Settings, "settings");
    }
}
