using Testbed.Results.Files;

namespace Testbed.Results.Records;

/// <summary>The columns of tracks.csv: the one definition its writer and its reader use.</summary>
public sealed class TrackRowMap : RowMap<TrackRow>
{
    public static TrackRowMap Instance { get; } = new();

    public TrackRowMap()
    {
        Column(r => r.TimeS, "t_s");
        Column(r => r.Group, "group");
        Column(r => r.User, "user");
        Column(r => r.Lat, "lat");
        Column(r => r.Lon, "lon");
        Column(r => r.Site, "site");
    }
}
