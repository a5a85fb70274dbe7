using System.Text.Json.Serialization;

namespace Testbed.Overlay.Control;

public sealed record CounterReport(
    [property: JsonPropertyName("totals")] IReadOnlyDictionary<string, long> Totals,
    [property: JsonPropertyName("services")] IReadOnlyList<ServiceCounterRow> Services,
    [property: JsonPropertyName("flows")] IReadOnlyList<FlowCounterRow> Flows);
