namespace Testbed.Topology;

/// <summary>A node that WAN links join: a data center (its smart router), a WAN router or a user site.</summary>
public abstract record TopologyNode(string Name, GeoPoint? Location)
{
    public abstract NodeKind Kind { get; }

    /// <summary>Only routers carry traffic between other nodes; a user site is a stub.</summary>
    public bool Forwards => Kind != NodeKind.UserSite;
}
