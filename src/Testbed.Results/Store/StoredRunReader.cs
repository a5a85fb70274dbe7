using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Testbed.Results.Files;
using Testbed.Results.Reading;
using Testbed.Results.Records;
using Testbed.Results.Summary;
using Testbed.Workload.Records;

namespace Testbed.Results.Store;

/// <summary>Reads a stored run back into the records its directory gave, through plain SQL that both databases answer alike.</summary>
internal static class StoredRunReader
{
    /// <summary>A migration's figures the table holds as the summary has them, and its parts as computed from them.</summary>
    private static readonly HashSet<string> MigrationFiguresInFull =
        ["start_s", "end_s", "restore_ms", "switchover_ms", "in_flight_ms", "load_ms", "path_ready_ms", "guest_first_frame_ms"];

    /// <summary>A replica's times the table holds as the summary has them.</summary>
    private static readonly HashSet<string> ReplicationFiguresInFull = ["start_s", "end_s"];

    public static async Task<RunResults?> ReadAsync(DbConnection connection, string runId, CancellationToken cancellationToken)
    {
        var run = await RowsAsync(connection, "runs", runId, cancellationToken);
        if (run.Count == 0)
        {
            return null;
        }

        var head = run[0];
        var events = (await RowsAsync(connection, "events", runId, cancellationToken)).Select(e => new EventRow(
            Number(e["t_s"]), Ticks.At(Whole(e["at_ticks"])!.Value), Text(e["kind"])!, JsonNode.Parse(Text(e["details"])!)!.AsObject())).ToList();
        var migrations = await RowsAsync(connection, DatabaseColumns.Migrations.Name, runId, cancellationToken);
        var replications = await RowsAsync(connection, DatabaseColumns.Replications.Name, runId, cancellationToken);
        var recorded = new RecordedRun(
            [.. (await RowsAsync(connection, DatabaseColumns.Requests.Name, runId, cancellationToken)).Select(r => DatabaseColumns.Requests.Row(r))],
            [.. (await RowsAsync(connection, DatabaseColumns.Probes.Name, runId, cancellationToken)).Select(p => DatabaseColumns.Probes.Row(p))],
            RunResultsReader.BrokenConnections(events),
            [.. migrations.Select(MigrationOf)],
            [.. replications.Select(r => DatabaseColumns.Replications.Row(r, ReplicationFiguresInFull))],
            GuestCalibration: [.. (await RowsAsync(connection, DatabaseColumns.GuestCalibration.Name, runId, cancellationToken))
                .Select(g => DatabaseColumns.GuestCalibration.Row(g))],
            Paths: [.. (await RowsAsync(connection, DatabaseColumns.Paths.Name, runId, cancellationToken)).Select(p => DatabaseColumns.Paths.Row(p))],
            Faults: RunResultsReader.Faults(events),
            Handovers: [.. (await RowsAsync(connection, DatabaseColumns.Handovers.Name, runId, cancellationToken)).Select(h => DatabaseColumns.Handovers.Row(h))]);
        var calibration = (await RowsAsync(connection, DatabaseColumns.Calibration.Name, runId, cancellationToken)).Select(CalibrationOf).ToList();
        var summary = Flag(head["has_summary"]) == true
            ? await SummaryAsync(connection, head, migrations, replications, recorded, cancellationToken)
            : null;
        return new RunResults(Text(head["directory"])!, summary, recorded, events, calibration);
    }

    private static async Task<RunSummary> SummaryAsync(
        DbConnection connection, Dictionary<string, object?> head, List<Dictionary<string, object?>> migrations, List<Dictionary<string, object?>> replications,
        RecordedRun recorded, CancellationToken cancellationToken)
    {
        var runId = Text(head["run_id"])!;
        var sites = (await RowsAsync(connection, "migration_sites", runId, cancellationToken, "migration, ordinal")).ToLookup(s => Whole(s["migration"]));
        var responseTimes = new Dictionary<string, IReadOnlyDictionary<string, ResponseTimeStatistics>>(StringComparer.Ordinal);
        foreach (var row in await RowsAsync(connection, "response_times", runId, cancellationToken))
        {
            var group = Text(row["group_name"])!;
            if (!responseTimes.TryGetValue(group, out var phases))
            {
                responseTimes[group] = phases = new Dictionary<string, ResponseTimeStatistics>(StringComparer.Ordinal);
            }

            ((Dictionary<string, ResponseTimeStatistics>)phases)[Text(row["phase"])!] = new ResponseTimeStatistics(
                Number(row["p50"]), Number(row["p95"]), Number(row["p99"]), Number(row["mean"]), (int)Whole(row["count"])!.Value);
        }

        var runPhases = (await RowsAsync(connection, "phases", runId, cancellationToken)).Select(p => new TimelinePhase(
            Text(p["name"])!, Number(p["start_s"])!.Value, Number(p["end_s"])!.Value, Json<List<string>>(p["events"]))).ToList();
        var durationS = Number(head["duration_s"])!.Value;
        return new RunSummary
        {
            Experiment = Text(head["experiment"])!,
            RunId = runId,
            Mechanism = Text(head["mechanism"])!,
            Policy = Text(head["policy"])!,
            LinkEmulation = Text(head["link_emulation"])!,
            Accel = Text(head["accel"])!,
            Seed = (int)Whole(head["seed"])!.Value,
            DurationS = durationS,
            StartedAt = Ticks.At(Whole(head["started_ticks"])!.Value),
            Completed = Flag(head["completed"])!.Value,
            Error = Text(head["error"]),
            Sweep = Text(head["sweep_id"]) is { } sweep
                ? new SweepMembership(sweep, (int)Whole(head["sweep_point"])!.Value, Json<Dictionary<string, string>>(head["sweep_values"]), (int)Whole(head["repetition"])!.Value)
                : null,
            Phases = runPhases,
            Migrations = [.. migrations.Where(m => Flag(m["in_summary"]) == true).Select(m =>
            {
                var own = sites[Whole(m["ordinal"])].ToList();
                return new MigrationSummary(
                    Text(m["vm"])!, Text(m["from_dc"])!, Text(m["to_dc"])!, Text(m["reason"])!, EnumWords<MigrationOutcome>.Parse(Text(m["outcome"])!), Number(m["start_s"])!.Value, Number(m["end_s"])!.Value,
                    Whole(m["qemu_total_ms"]), Whole(m["qemu_downtime_ms"]), Number(m["restore_ms"]), Number(m["switchover_ms"]),
                    SiteFigures(own, "convergence_ms"), SiteFigures(own, "client_downtime_ms"), Whole(m["bytes"]), (int)(Whole(m["broken_connections"]) ?? 0))
                {
                    AnswersInFlightMs = SiteFigures(own, "answers_in_flight_ms"),
                    Parts = SummaryBuilder.PartsOf(MigrationOf(m)),
                    Settings = Text(m["settings"]),
                };
            })],
            Replications = [.. replications.Where(r => Flag(r["in_summary"]) == true).Select(r => new ReplicationSummary(
                Text(r["vm"])!, Text(r["from_dc"])!, Text(r["data_center"])!, Text(r["reason"])!, EnumWords<MigrationOutcome>.Parse(Text(r["outcome"])!), Number(r["start_s"])!.Value, Number(r["end_s"])!.Value,
                Whole(r["qemu_total_ms"]), Whole(r["qemu_downtime_ms"]), Whole(r["bytes"]), Number(r["dropped_s"])))],
            ResponseTimeMs = responseTimes,
            Requests = new RequestTotals(
                (int)Whole(head["requests_total"])!.Value, (int)Whole(head["requests_failed"])!.Value, Json<Dictionary<string, int>>(head["requests_by_outcome"]),
                (int)Whole(head["broken_connections"])!.Value),
            ProbeIntervalMs = Number(head["probe_interval_ms"]),
            ProbeProtocol = Text(head["probe_protocol"]),
            TimeCompression = Number(head["time_compression"]),
            Status = Text(head["status"]) is { } status ? EnumWords<RunStatus>.Parse(status) : null,
            Faults = recorded.FaultRows,
            Cpu = Text(head["cpu"]) is null ? new Dictionary<string, PhaseCpu>() : Json<Dictionary<string, PhaseCpu>>(head["cpu"]),
            Fidelity = Text(head["fidelity"]) is null ? LinkFidelity.Unmeasured : Json<LinkFidelity>(head["fidelity"]),
            Handovers = SummaryBuilder.HandoversByGroup(recorded.HandoverRows),
            Methods = Text(head["methods"]) is null ? new Dictionary<string, string>() : Json<Dictionary<string, string>>(head["methods"]),
            GuestCalibration = recorded.GuestCalibrationRows,
            ResponseTimeExcessMs = SummaryBuilder.Excess(recorded, runPhases, [.. responseTimes.Keys], durationS),
        };
    }

    private static MigrationRow MigrationOf(Dictionary<string, object?> m) => DatabaseColumns.Migrations.Row(m, MigrationFiguresInFull);

    private static Dictionary<string, double> SiteFigures(List<Dictionary<string, object?>> sites, string column) =>
        sites.Where(s => Number(s[column]) is not null).ToDictionary(s => Text(s["site"])!, s => Number(s[column])!.Value, StringComparer.Ordinal);

    /// <summary>Every row of one table for the run, in its recorded order, as column name to value.</summary>
    private static async Task<List<Dictionary<string, object?>>> RowsAsync(
        DbConnection connection, string table, string runId, CancellationToken cancellationToken, string order = "ordinal")
    {
        await using var command = connection.CreateCommand();

        // The table and the order are the schema's own names, never input; the run id is a parameter.
        command.CommandText = table == "runs"
            ? "SELECT * FROM runs WHERE run_id = @run_id"
            : $"SELECT * FROM {table} WHERE run_id = @run_id ORDER BY {order}";
        Parameters.Add(command, "@run_id", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new Dictionary<string, object?>(reader.FieldCount, StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string text => text,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static double? Number(object? value) => value is null ? null : Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private static long? Whole(object? value) => value is null ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static bool? Flag(object? value) => value is null ? null : Convert.ToBoolean(value, CultureInfo.InvariantCulture);

    private static T Json<T>(object? value) =>
        JsonSerializer.Deserialize<T>(Text(value) ?? "null", ResultsJson.Indented) ?? throw new InvalidDataException("a JSON column holds null");

    /// <summary>
    /// A stored calibration row. Rows stored before schema step 8 have only the link's name:
    /// their ends are then the name split at its first '-', and their index their order.
    /// </summary>
    private static CalibrationRow CalibrationOf(Dictionary<string, object?> c, int ordinal)
    {
        if (c["a"] is not null)
        {
            return DatabaseColumns.Calibration.Row(c);
        }

        var name = Text(c["link"])!;
        var split = name.IndexOf('-', StringComparison.Ordinal);
        return DatabaseColumns.Calibration.Row(new Dictionary<string, object?>(c)
        {
            ["link_index"] = ordinal,
            ["a"] = split < 0 ? name : name[..split],
            ["b"] = split < 0 ? "" : name[(split + 1)..],
        });
    }
}
