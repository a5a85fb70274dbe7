using Testbed.Results.Files;

namespace Testbed.Results.Records;

/// <summary>The columns of paths.csv: the one definition its writer, its reader and the database import use.</summary>
public sealed class PathRowMap : RowMap<PathRow>
{
    public static PathRowMap Instance { get; } = new();

    public PathRowMap()
    {
        Column(r => r.Site, "site");
        Column(r => r.DataCenter, "data_center");
        Column(r => r.ForwardMs, "forward_ms");
        Column(r => r.ReturnMs, "return_ms");
        Column(r => r.RoundTripMs, "rtt_ms");
        Column(r => r.LinkCrossings, "link_crossings");
        Column(r => r.MeasuredRttMs, "measured_rtt_ms");
    }
}
