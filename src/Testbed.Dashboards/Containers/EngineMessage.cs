using System.Text.Json;
using Docker.DotNet;

namespace Testbed.Dashboards.Containers;

/// <summary>The engine's own sentence from an API error, without Docker.DotNet's status-code wrapping around it.</summary>
internal static class EngineMessage
{
    public static string Of(DockerApiException failure)
    {
        try
        {
            using var body = JsonDocument.Parse(failure.ResponseBody ?? "");
            if (body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty("message", out var message)
                && message.GetString() is { Length: > 0 } text)
            {
                return text.Trim();
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall back to the whole message.
        }

        return failure.Message;
    }
}
