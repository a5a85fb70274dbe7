using Testbed.Results.Files;

namespace Testbed.Results.Records;

/// <summary>The columns of map.csv: the one definition its writer and its reader use.</summary>
public sealed class MapRowMap : RowMap<MapRow>
{
    public static MapRowMap Instance { get; } = new();

    public MapRowMap()
    {
        Column(r => r.Kind, "kind");
        Column(r => r.Name, "name");
        Column(r => r.Lat, "lat");
        Column(r => r.Lon, "lon");
        Column(r => r.EndLat, "end_lat");
        Column(r => r.EndLon, "end_lon");
    }
}
