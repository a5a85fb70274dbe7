using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Testbed.Experiments.Files;

/// <summary>
/// experiments/schema.json, the one schema editors and the loader share (embedded at
/// build), and its findings in words a researcher reads: "unknown key 'dely' (did you mean
/// 'delay'?)" at the key, "'20' has no unit: ..." at the value.
/// </summary>
public static class ExperimentSchema
{
    private static readonly Lazy<(JsonSchema Schema, JsonNode Document)> Loaded = new(Load);

    public static string Text
    {
        get
        {
            using var stream = typeof(ExperimentSchema).Assembly.GetManifestResourceStream("Testbed.Experiments.schema.json")
                ?? throw new InvalidOperationException("the experiment schema is not embedded in Testbed.Experiments");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    public static IReadOnlyList<ExperimentProblem> Check(MarkedDocument document)
    {
        var (schema, schemaDocument) = Loaded.Value;
        using var instance = JsonDocument.Parse(document.Root?.ToJsonString() ?? "null");
        var results = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var problems = new List<ExperimentProblem>();
        foreach (var result in (results.Details ?? []).Prepend(results))
        {
            if (result.Errors is not { Count: > 0 } errors)
            {
                continue;
            }

            var pointer = result.InstanceLocation.ToString();
            var subschema = Resolve(schemaDocument, result.SchemaLocation.Fragment.TrimStart('#'));
            var value = Resolve(document.Root, pointer);
            // A key no "properties" names fails "additionalProperties: false" at the key's own value.
            var fragment = Uri.UnescapeDataString(result.SchemaLocation.Fragment.TrimStart('#'));
            var additional = fragment.IndexOf("/additionalProperties", StringComparison.Ordinal);
            if (result.EvaluationPath.ToString().EndsWith("/additionalProperties", StringComparison.Ordinal) && additional >= 0)
            {
                problems.Add(Unknown(document, pointer, Resolve(schemaDocument, fragment[..additional])?["properties"] as JsonObject));
                continue;
            }

            foreach (var (keyword, fallback) in errors)
            {
                problems.AddRange(Explain(document, keyword, fallback, pointer, subschema, value));
            }
        }

        // One finding per place and message: $ref chains can report the same failure twice.
        return [.. problems.Distinct()];
    }

    private static IEnumerable<ExperimentProblem> Explain(MarkedDocument document, string keyword, string fallback, string pointer, JsonNode? subschema, JsonNode? value)
    {
        var what = subschema?["description"]?.GetValue<string>();
        var at = document.ValueAt(pointer);
        switch (keyword)
        {
            case "additionalProperties" when (value is JsonObject obj && subschema?["properties"] is JsonObject known):
                foreach (var key in obj.Select(p => p.Key).Where(k => !known.ContainsKey(k)))
                {
                    yield return Unknown(document, MarkedDocument.Child(pointer, key), known);
                }

                break;
            case "required" when (value is JsonObject obj && subschema?["required"] is JsonArray required):
                foreach (var key in required.Select(k => k!.GetValue<string>()).Where(k => !obj.ContainsKey(k)))
                {
                    yield return new(at, $"'{key}' is missing");
                }

                break;
            case "pattern" or "type" when (what is not null && subschema?["pattern"] is not null):
                yield return new(at, Quantity(value, what));
                break;
            case "type":
                yield return new(at, $"expected {subschema?["type"]}, found {Describe(value)}");
                break;
            case "enum" when (subschema?["enum"] is JsonArray options):
                yield return new(at, $"{Describe(value)} is not one of {string.Join(", ", options.Select(o => o!.ToJsonString().Trim('"')))}");
                break;
            case "minimum" or "maximum" or "exclusiveMinimum":
                yield return new(at, $"{value} is out of range: {Range(subschema)}");
                break;
            case "minItems":
                yield return new(at, $"needs at least {subschema?["minItems"]} item(s)");
                break;
            case "minProperties" or "maxProperties" when (what is not null):
                yield return new(at, $"expected {what}");
                break;
            default:
                yield return new(at, fallback);
                break;
        }
    }

    private static ExperimentProblem Unknown(MarkedDocument document, string pointer, JsonObject? known)
    {
        var key = pointer[(pointer.LastIndexOf('/') + 1)..].Replace("~1", "/").Replace("~0", "~");
        var names = known?.Select(p => p.Key).ToList() ?? [];
        var suggestion = Nearest(key, names);
        return new(document.KeyAt(pointer), $"unknown key '{key}'" +
            (suggestion is not null ? $" (did you mean '{suggestion}'?)" : names.Count > 0 ? $"; expected one of {string.Join(", ", names)}" : ""));
    }

    private static string Quantity(JsonNode? value, string what) => value switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => $"{v.ToJsonString()} has no unit: expected {what}",
        JsonValue v when v.TryGetValue<string>(out var text) && text.TrimStart().StartsWith('-') => $"'{text}' is negative: expected {what}",
        JsonValue v when v.TryGetValue<string>(out var text) => $"'{text}' is not {what}",
        _ => $"expected {what}, found {Describe(value)}",
    };

    private static string Range(JsonNode? subschema)
    {
        var low = subschema?["minimum"] ?? subschema?["exclusiveMinimum"];
        var high = subschema?["maximum"];
        return (low, high) switch
        {
            (not null, not null) => $"expected {low} to {high}",
            (not null, null) => $"expected at least {low}",
            (null, not null) => $"expected at most {high}",
            _ => "see the schema",
        };
    }

    private static string Describe(JsonNode? value) => value switch
    {
        null => "nothing",
        JsonObject => "a mapping",
        JsonArray => "a list",
        JsonValue v when v.TryGetValue<string>(out var text) => $"'{text}'",
        _ => value.ToJsonString(),
    };

    /// <summary>The known key closest to a misspelt one, if it is close enough to be what was meant.</summary>
    private static string? Nearest(string key, IEnumerable<string> known) =>
        known.Select(k => (Key: k, Distance: Distance(key, k))).Where(c => c.Distance <= Math.Max(1, key.Length / 3)).OrderBy(c => c.Distance).Select(c => c.Key).FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }

    private static JsonNode? Resolve(JsonNode? root, string pointer)
    {
        var node = root;
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var part = Uri.UnescapeDataString(raw).Replace("~1", "/").Replace("~0", "~");
            node = node switch
            {
                JsonObject obj => obj[part],
                JsonArray array when int.TryParse(part, out var index) && index < array.Count => array[index],
                _ => null,
            };
        }

        return node;
    }

    private static (JsonSchema, JsonNode) Load()
    {
        var text = Text;
        return (JsonSchema.FromText(text), JsonNode.Parse(text)!);
    }
}
