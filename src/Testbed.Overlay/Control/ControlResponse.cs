using System.Text.Json.Serialization;
using Testbed.Overlay.Table;

namespace Testbed.Overlay.Control;

/// <summary>A router's answer to one request.</summary>
public sealed record ControlResponse
{
    [JsonPropertyName("ok")]
    public required bool Ok { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>For table updates: applied, repeated, stale or not-prepared.</summary>
    [JsonPropertyName("outcome")]
    public string? Outcome { get; init; }

    /// <summary>For table updates: the entry the router holds afterwards.</summary>
    [JsonPropertyName("entry")]
    public LocationEntry? Entry { get; init; }

    [JsonPropertyName("entries")]
    public IReadOnlyList<LocationEntry>? Entries { get; init; }

    [JsonPropertyName("counters")]
    public CounterReport? Counters { get; init; }

    [JsonPropertyName("peers")]
    public IReadOnlyDictionary<string, double>? PeerRoundTripsMs { get; init; }
}
