using System.Text.Json;
using System.Text.Json.Serialization;

namespace Testbed.Qemu.Qmp;

/// <summary>QMP's field names are kebab-case ("total-time", "downtime-limit"); absent optional fields are left out, never sent as null.</summary>
internal static class QmpJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
