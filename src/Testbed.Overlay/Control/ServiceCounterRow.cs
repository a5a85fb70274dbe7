using System.Text.Json.Serialization;

namespace Testbed.Overlay.Control;

public sealed record ServiceCounterRow(
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("packets")] long Packets,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("delivered_locally")] long DeliveredLocally,
    [property: JsonPropertyName("tunnelled")] long Tunnelled,
    [property: JsonPropertyName("drops")] long Drops);
