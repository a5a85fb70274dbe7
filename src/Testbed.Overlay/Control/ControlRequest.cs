using System.Text.Json.Serialization;
using Testbed.Overlay.Table;

namespace Testbed.Overlay.Control;

/// <summary>One line the controller sends to a router; which fields matter depends on <see cref="Op"/>.</summary>
public sealed record ControlRequest
{
    [JsonPropertyName("op")]
    public required string Op { get; init; }

    [JsonPropertyName("entry")]
    public LocationEntry? Entry { get; init; }

    [JsonPropertyName("entries")]
    public IReadOnlyList<LocationEntry>? Entries { get; init; }

    [JsonPropertyName("service")]
    public string? Service { get; init; }

    [JsonPropertyName("data_center")]
    public string? DataCenter { get; init; }

    [JsonPropertyName("epoch")]
    public long? Epoch { get; init; }
}
