using System.Text.Json;
using System.Text.Json.Serialization;

namespace Testbed.Lab.Runs;

/// <summary>
/// The append-only list of network objects a run created, one JSON object a line.
/// Entries are written before the object exists, so a crash at any point leaves a
/// ledger that names everything there is to remove (and perhaps a little more, which
/// clean-up tolerates).
/// </summary>
public sealed class ResourceLedger(string path)
{
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly Lock _writeLock = new();

    public string Path { get; } = path;

    public void Append(LabResource resource)
    {
        var line = JsonSerializer.Serialize(resource, JsonOptions) + "\n";
        lock (_writeLock)
        {
            using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            using var writer = new StreamWriter(stream);
            writer.Write(line);
        }
    }

    /// <summary>The entries in the order they were written. A torn last line (a crash mid-write) is skipped.</summary>
    public static IReadOnlyList<LabResource> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var resources = new List<LabResource>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<LabResource>(line, JsonOptions) is { } resource)
                {
                    resources.Add(resource);
                }
            }
            catch (JsonException)
            {
                // Only the last line can be torn, and the object it names was never created.
            }
        }

        return resources;
    }
}
