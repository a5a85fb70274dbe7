using System.Text.Json.Nodes;

namespace Testbed.Experiments.Files;

/// <summary>
/// Every quantity a file writes, wherever it is (the timeline's events and the sweep's values
/// included), within what the testbed can run (<see cref="Quantities.OutOfRange"/>): checked
/// beside the schema, before anything is converted, so that nothing overflows or wraps.
/// </summary>
internal static class QuantityCheck
{
    public static IReadOnlyList<ExperimentProblem> Problems(MarkedDocument document)
    {
        var problems = new List<ExperimentProblem>();
        Visit(document.Root, "");
        return problems;

        void Visit(JsonNode? node, string path)
        {
            switch (node)
            {
                case JsonObject obj:
                    // Names cannot be quantities, and a description is free text.
                    foreach (var (key, child) in obj.Where(p => p.Key is not ("name" or "description")))
                    {
                        Visit(child, MarkedDocument.Child(path, key));
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Visit(array[i], $"{path}/{i}");
                    }

                    break;
                case JsonValue value when value.TryGetValue<string>(out var text) && Quantities.OutOfRange(text) is { } message:
                    problems.Add(new ExperimentProblem(document.ValueAt(path), message));
                    break;
            }
        }
    }
}
