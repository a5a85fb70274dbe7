namespace Testbed.Results.Records;

/// <summary>
/// One thing of the WAN on the map: a node (<see cref="Kind"/> data_center, wan_router or
/// user_site) at its place, or a link (<see cref="Kind"/> link, named a-b) from its A end to its
/// B end. Nodes without a location are not on the map.
/// </summary>
public sealed record MapRow(string Kind, string Name, double Lat, double Lon, double? EndLat = null, double? EndLon = null)
{
    public const string DataCenter = "data_center";
    public const string WanRouter = "wan_router";
    public const string UserSite = "user_site";
    public const string Link = "link";
}
