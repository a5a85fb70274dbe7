using System.Text.Json.Nodes;

namespace Testbed.Experiments.Files;

/// <summary>Numbers as the schema accepted them, read by what they mean rather than how they were written.</summary>
internal static class JsonNumbers
{
    /// <summary>A count the schema accepted as an integer: 2 and 2.0 are the same count.</summary>
    public static long Whole(JsonNode node) => node.AsValue().TryGetValue<long>(out var whole) ? whole : (long)node.GetValue<double>();

    /// <summary>A number: 48 is as good a latitude as 48.0.</summary>
    public static double Real(JsonNode node) => node.AsValue().TryGetValue<double>(out var real) ? real : node.GetValue<long>();
}
