using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Testbed.Workload.Records;

namespace Testbed.Results.Files;

/// <summary>The JSON style of every results file: snake_case names, enums by their words (<see cref="EnumWords"/>), readable characters.</summary>
public static class ResultsJson
{
    public static readonly JsonSerializerOptions Indented = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(EnumWords.Naming, allowIntegerValues: false) },
    };

    /// <summary>One object per line, for events.jsonl.</summary>
    public static readonly JsonSerializerOptions Line = new(Indented) { WriteIndented = false };
}
