using System.Globalization;
using System.Text.Json.Nodes;
using Testbed.Experiments.Model;

namespace Testbed.Experiments.Files;

/// <summary>
/// Turns a file's `sweep:` block into its points: the cartesian product of the listed values,
/// the first field varying slowest. Every point is checked like a file of its own before
/// anything runs, so a bad value fails in seconds, not after an hour of earlier points; its
/// problems point at the value in the sweep block.
/// </summary>
internal static class SweepExpander
{
    /// <summary>More points than anyone runs on one machine: a typo, not a plan.</summary>
    public const int MaxPoints = 1000;

    private static readonly string[] Unsweepable = ["name", "sweep", "repeat"];

    public static (ExperimentPlan? Plan, IReadOnlyList<ExperimentProblem> Problems) Expand(MarkedDocument document, Experiment experiment)
    {
        var root = document.Root!.AsObject();
        var repeat = root["repeat"] is { } count ? (int)JsonNumbers.Whole(count) : 1;
        if (root["sweep"] is not JsonObject sweep)
        {
            return (ExperimentPlan.Once(experiment) with { Repeat = repeat }, []);
        }

        var problems = new List<ExperimentProblem>();
        var fields = new List<(string Name, string Target, string Source, int Count)>();
        foreach (var (name, values) in sweep)
        {
            var source = MarkedDocument.Child("/sweep", name);
            var (target, error) = Resolve(root, name);
            if (target is null)
            {
                problems.Add(new ExperimentProblem(document.KeyAt(source), $"sweep: '{name}': {error}"));
            }
            else if (fields.FirstOrDefault(f => f.Target == target) is { Name: { } other })
            {
                problems.Add(new ExperimentProblem(document.KeyAt(source), $"sweep: '{name}' names the same field as '{other}'"));
            }
            else
            {
                fields.Add((name, target, source, values!.AsArray().Count));
            }
        }

        // Multiplied only while it is within the cap, so that no count of fields and values overflows it.
        var total = fields.Aggregate(1L, (product, f) => product > MaxPoints ? product : product * f.Count);
        if (problems.Count == 0 && total > MaxPoints)
        {
            problems.Add(new ExperimentProblem(document.KeyAt("/sweep"),
                $"sweep: {string.Join(" × ", fields.Select(f => f.Count))} points is more than {MaxPoints}"));
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var points = new List<SweepPoint>();
        foreach (var combination in Combinations(fields.Select(f => f.Count).ToList()))
        {
            var chosen = fields.Select((f, i) => (f.Name, f.Target, Source: $"{f.Source}/{combination[i]}")).ToList();
            var values = chosen.Select(c => KeyValuePair.Create(c.Name, Text(MarkedDocument.Find(root, c.Source)))).ToList();
            var variant = document.With(chosen.Select(c => (c.Target, c.Source)), ["sweep", "repeat"]);
            IReadOnlyList<ExperimentProblem> found = [.. ExperimentSchema.Check(variant), .. QuantityCheck.Problems(variant)];
            Experiment? bound = null;
            if (found.Count == 0)
            {
                (bound, found) = new ExperimentBinder(variant).Bind();
            }

            // A bad value shows up at every point that uses it; name the first point once.
            var label = string.Join(", ", values.Select(v => $"{v.Key}={v.Value}"));
            problems.AddRange(found.Where(p => !problems.Any(q => q.Location == p.Location && q.Message.StartsWith(p.Message, StringComparison.Ordinal)))
                .Select(p => p with { Message = $"{p.Message} (sweep point {label})" }));
            if (bound is not null)
            {
                points.Add(new SweepPoint(points.Count + 1, values, bound));
            }
        }

        return problems.Count > 0 ? (null, problems) : (new ExperimentPlan(experiment, [.. fields.Select(f => f.Name)], points, repeat), []);
    }

    /// <summary>The JSON pointer a sweep key names, or why it names nothing.</summary>
    internal static (string? Pointer, string? Error) Resolve(JsonObject root, string field)
    {
        var segments = field.Split('.');
        if (Unsweepable.Contains(segments[0]))
        {
            return (null, $"'{segments[0]}' cannot be swept");
        }

        JsonNode? node = root;
        var pointer = "";
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            var where = i == 0 ? "the file" : $"'{string.Join('.', segments[..i])}'";
            switch (node)
            {
                case JsonObject obj when obj.ContainsKey(segment):
                    node = obj[segment];
                    pointer = MarkedDocument.Child(pointer, segment);
                    break;
                case JsonObject when last:
                    // A field the file leaves to its default can still be swept.
                    node = null;
                    pointer = MarkedDocument.Child(pointer, segment);
                    break;
                case JsonObject obj:
                    return (null, $"{where} has no '{segment}'" + (obj.Count > 0 ? $" (it has {string.Join(", ", obj.Select(p => p.Key))})" : "") +
                        "; write it in the file, with any value, so that the sweep can vary it");
                case JsonArray array:
                    var index = Item(array, segment);
                    if (index is null)
                    {
                        var names = array.Select(Name).Where(n => n is not null).ToList();
                        return (null, $"{where} has no item '{segment}'" + (names.Count > 0 ? $" (it has {string.Join(", ", names)})" : $" (give an index, 0 to {array.Count - 1})"));
                    }

                    node = array[index.Value];
                    pointer = $"{pointer}/{index.Value}";
                    break;
                default:
                    return (null, $"{where} is a value, so it has no '{segment}'");
            }
        }

        return (pointer, null);
    }

    /// <summary>A list item by index, by name, or (for links) by its two ends in either order.</summary>
    private static int? Item(JsonArray array, string segment)
    {
        if (int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return index < array.Count ? index : null;
        }

        var matches = Enumerable.Range(0, array.Count).Where(i => Name(array[i]) == segment || Ends(array[i]) is { } ends && ends.Contains(segment)).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    private static string? Name(JsonNode? item) =>
        item is JsonObject obj ? obj["name"] is JsonValue name ? name.ToString() : Ends(item)?[0] : null;

    private static string[]? Ends(JsonNode? item) =>
        item is JsonObject obj && obj["a"] is JsonValue a && obj["b"] is JsonValue b ? [$"{a}-{b}", $"{b}-{a}"] : null;

    private static string Text(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.TryGetValue(out string? text) => text,
        _ => value.ToJsonString(),
    };

    /// <summary>Every choice of one index per field, the first field varying slowest.</summary>
    private static IEnumerable<int[]> Combinations(List<int> counts)
    {
        var choice = new int[counts.Count];
        while (true)
        {
            yield return (int[])choice.Clone();
            var field = counts.Count - 1;
            while (field >= 0 && ++choice[field] == counts[field])
            {
                choice[field] = 0;
                field--;
            }

            if (field < 0)
            {
                yield break;
            }
        }
    }
}
