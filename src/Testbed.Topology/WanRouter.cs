namespace Testbed.Topology;

/// <summary>A plain IP router of the WAN, with no part in the overlay.</summary>
public sealed record WanRouter(string Name, GeoPoint? Location = null) : TopologyNode(Name, Location)
{
    public override NodeKind Kind => NodeKind.WanRouter;
}
