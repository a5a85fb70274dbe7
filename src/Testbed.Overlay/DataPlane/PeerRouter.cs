using System.Text.Json.Serialization;

namespace Testbed.Overlay.DataPlane;

/// <summary>Another data center's smart router: its name and its underlay (loopback) address.</summary>
public sealed record PeerRouter(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("address")] string Address);
