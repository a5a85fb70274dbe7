namespace Testbed.Overlay.DataPlane;

public enum OverlayKind : byte
{
    /// <summary>A user's packet, tunnelled to the data center chosen for it.</summary>
    Data = 1,

    /// <summary>A round-trip probe to a peer router; the body is the sender's timestamp.</summary>
    Heartbeat = 2,

    /// <summary>The peer's answer, echoing the body.</summary>
    HeartbeatReply = 3,
}
