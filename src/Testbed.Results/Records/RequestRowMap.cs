using Testbed.Results.Files;

namespace Testbed.Results.Records;

/// <summary>The columns of requests.csv: the one definition its writer, its reader and the database import use.</summary>
public sealed class RequestRowMap : RowMap<RequestRow>
{
    public static RequestRowMap Instance { get; } = new();

    public RequestRowMap()
    {
        Column(r => r.TimeS, "t_s");
        Column(r => r.Group, "group");
        Column(r => r.User, "user");
        Column(r => r.Site, "site");
        Column(r => r.LatencyMs, "latency_ms");
        Column(r => r.Outcome, "outcome");
        Column(r => r.ServedBy, "served_by");
        Column(r => r.SendLateMs, "send_late_ms");
    }
}
