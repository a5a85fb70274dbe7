using Testbed.Results.Files;

namespace Testbed.Results.Records;

/// <summary>The columns of probes.csv: the one definition its writer, its reader and the database import use.</summary>
public sealed class ProbeRowMap : RowMap<ProbeRow>
{
    public static ProbeRowMap Instance { get; } = new();

    public ProbeRowMap()
    {
        Column(r => r.TimeS, "t_s");
        Column(r => r.Group, "group");
        Column(r => r.Site, "site");
        Column(r => r.Sequence, "seq");
        Column(r => r.RttMs, "rtt_ms");
        Column(r => r.SendLateMs, "send_late_ms");
    }
}
