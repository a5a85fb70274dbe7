using System.Text.Json.Nodes;

namespace Testbed.Results.Records;

/// <summary>
/// One line of events.jsonl: when (seconds on the run's clock, null before the timeline
/// started; and the wall-clock instant), what kind, and the rest of the line's fields.
/// </summary>
public sealed record EventRow(double? TimeS, DateTimeOffset At, string Kind, JsonObject Details)
{
    /// <summary>A detail as text, or null when the line has no such field.</summary>
    public string? Text(string name) => Details[name] is JsonValue value ? value.ToString() : null;

    /// <summary>A numeric detail, or null when the line has no such number.</summary>
    public double? Number(string name) => Details[name] is JsonValue value && value.TryGetValue(out double number) ? number : null;
}
