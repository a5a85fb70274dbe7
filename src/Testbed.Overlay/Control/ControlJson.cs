using System.Text.Json;
using System.Text.Json.Serialization;

namespace Testbed.Overlay.Control;

/// <summary>One JSON document a line, nulls left out.</summary>
public static class ControlJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };
}
