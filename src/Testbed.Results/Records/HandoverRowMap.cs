using Testbed.Results.Files;

namespace Testbed.Results.Records;

/// <summary>The columns of handovers.csv: the one definition its writer, its reader and the database import use.</summary>
public sealed class HandoverRowMap : RowMap<HandoverRow>
{
    public static HandoverRowMap Instance { get; } = new();

    public HandoverRowMap()
    {
        Column(r => r.TimeS, "t_s");
        Column(r => r.Group, "group");
        Column(r => r.User, "user");
        Column(r => r.From, "from");
        Column(r => r.To, "to");
        Column(r => r.Cause, "cause");
    }
}
