namespace Testbed.Topology.Routing;

/// <summary>How a service's address reaches its VM wherever the VM runs; each is selectable per experiment.</summary>
public enum MechanismKind
{
    /// <summary>The paper's: users enter at the nearest smart router, which tunnels to wherever the VM is.</summary>
    Overlay,

    /// <summary>Triangular routing, like Mobile IP: users always enter at the home data center, whose router tunnels on.</summary>
    HomeTunnel,

    /// <summary>Data center LANs bridged over the WAN with VXLAN, the gateway only at home, like CloudNet's VPLS.</summary>
    L2Stretch,

    /// <summary>The VM takes an address of the data center it runs in; clients learn it after a TTL, and open connections break.</summary>
    Readdress,
}
