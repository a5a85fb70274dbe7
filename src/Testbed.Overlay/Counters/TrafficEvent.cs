namespace Testbed.Overlay.Counters;

/// <summary>What happened to a packet at this router.</summary>
public enum TrafficEvent
{
    /// <summary>A user's packet for a service, taken from the kernel.</summary>
    FromUsers,

    /// <summary>
    /// Of those, the TCP super-packets the kernel handed over whole (segmentation offload),
    /// each counted once here and once per segment in <see cref="FromUsers"/>.
    /// </summary>
    SuperPacketsFromUsers,

    /// <summary>Sent through a tunnel to another data center.</summary>
    Tunnelled,

    /// <summary>Received through a tunnel from another router.</summary>
    FromTunnel,

    /// <summary>Handed to the local LAN, where the VM is.</summary>
    DeliveredLocally,

    /// <summary>Arrived through a tunnel for a service that had left, and sent on.</summary>
    Reforwarded,

    DropNoEntry,
    DropNoPeer,
    DropHopLimit,
    DropMalformed,
    DropSendFailed,

    /// <summary>A datagram on the tunnel port from an address that is no peer router's.</summary>
    DropNotPeer,
}
