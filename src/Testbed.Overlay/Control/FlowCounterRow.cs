using System.Text.Json.Serialization;

namespace Testbed.Overlay.Control;

/// <summary>One flow seen at an ingress router, and the data center it is pinned to.</summary>
public sealed record FlowCounterRow(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("source_port")] int SourcePort,
    [property: JsonPropertyName("destination")] string Destination,
    [property: JsonPropertyName("destination_port")] int DestinationPort,
    [property: JsonPropertyName("protocol")] int Protocol,
    [property: JsonPropertyName("data_center")] string DataCenter,
    [property: JsonPropertyName("packets")] long Packets,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("idle_ms")] double IdleMs);
