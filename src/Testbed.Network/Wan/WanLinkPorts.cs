namespace Testbed.Network.Wan;

/// <summary>The interfaces at the two ends of a built WAN link, and whether it is shaped at all.</summary>
public sealed record WanLinkPorts(int LinkIndex, string InterfaceA, string InterfaceB, bool Shaped);
