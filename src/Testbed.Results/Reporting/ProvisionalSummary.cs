using System.Globalization;
using System.Text.Json.Nodes;
using Testbed.Results.Files;
using Testbed.Results.Reading;
using Testbed.Results.Summary;

namespace Testbed.Results.Reporting;

/// <summary>
/// A summary for a run cut short before it wrote summary.json: the same figures, computed
/// by <see cref="SummaryBuilder"/> from the rows the run did record, over the time they cover.
/// The identity comes from environment.json (written before the network was built), or else
/// from the run-started event.
/// </summary>
public static class ProvisionalSummary
{
    public const string Unknown = "unknown";

    public static RunSummary From(RunResults run)
    {
        var environment = ReadEnvironment(Path.Combine(run.Directory, ResultsFileNames.Environment));
        var started = run.Events.FirstOrDefault(e => e.Kind == "run-started");
        string Field(string name) =>
            (environment?[name] as JsonValue)?.ToString() ?? started?.Text(name) ?? Unknown;

        var recorded = run.Recorded;
        var extent = recorded.Requests.Select(r => r.TimeS).Concat(recorded.Probes.Select(p => p.TimeS))
            .Concat(recorded.Migrations.Select(m => m.EndS)).Concat(recorded.Replications.Select(r => r.EndS))
            .DefaultIfEmpty(0).Max();

        // Just past the last row, so that the last request still falls inside the last phase.
        var duration = Math.Round(extent + 0.001, 3);
        var timeline = run.Events
            .Where(e => e.Kind == "timeline" && e.Number("at_s") is not null)
            .Select(e => (e.Number("at_s")!.Value, e.Text("event") ?? "event"));
        var identity = new RunIdentity(
            Field("experiment"),
            Field("run_id") is var id && id != Unknown ? id : run.RunId,
            Field("mechanism"),
            Field("policy"),
            Field("link_emulation"),
            (environment?["doctor"]?["accel"] as JsonValue)?.ToString() ?? Unknown,
            int.TryParse(Field("seed"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : 0,
            duration,
            DateTimeOffset.TryParse(Field("started_at"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : started?.At ?? DateTimeOffset.MinValue)
        {
            ProbeIntervalMs = double.TryParse(Field("probe_interval_ms"), NumberStyles.Float, CultureInfo.InvariantCulture, out var probe) ? probe : null,
            ProbeProtocol = Field("probe") is var protocol && protocol != Unknown ? protocol : null,
        };
        var groups = recorded.Requests.Select(r => r.Group).Distinct().Order(StringComparer.Ordinal).ToList();
        var ended = run.Events.LastOrDefault(e => e.Kind == "run-ended");
        var error = ended?.Text("error") ?? "the run was cut short: it wrote no summary.json";
        return SummaryBuilder.Build(identity, TimelinePhase.Split(duration, timeline), groups, recorded, completed: false, error);
    }

    private static JsonObject? ReadEnvironment(string path)
    {
        try
        {
            return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject : null;
        }
        catch (System.Text.Json.JsonException)
        {
            // A run killed while writing it leaves it cut; the events still name the run.
            return null;
        }
    }
}
