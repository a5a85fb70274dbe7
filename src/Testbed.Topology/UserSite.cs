namespace Testbed.Topology;

/// <summary>Where a group of users sits: one stub node, its own subnet, and links to its access routers.</summary>
public sealed record UserSite(string Name, GeoPoint? Location = null) : TopologyNode(Name, Location)
{
    public override NodeKind Kind => NodeKind.UserSite;
}
