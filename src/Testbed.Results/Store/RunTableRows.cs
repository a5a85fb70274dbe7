using System.Text.Json;
using Testbed.Results.Files;
using Testbed.Results.Reading;
using Testbed.Results.Records;
using Testbed.Results.Summary;
using Testbed.Workload.Records;

namespace Testbed.Results.Store;

/// <summary>
/// One run as the rows of every table of <see cref="ResultsSchema"/>, parents first. A
/// migration or replica that summary.json describes is one row with the summary's full
/// figures and the file's own columns (resume_s, error); the two must agree.
/// </summary>
public static class RunTableRows
{
    public static IReadOnlyList<TableRows> Of(RunResults run, DateTimeOffset importedAt)
    {
        var zero = ZeroOf(run.Events);
        DateTimeOffset? At(double? seconds) => zero is { } z && seconds is { } s ? z + TimeSpan.FromSeconds(s) : null;

        var summary = run.Summary;
        var runId = run.RunId;
        var migrations = Pair(run, run.Recorded.Migrations, summary?.Migrations, Agrees);
        var replicas = Pair(run, [.. run.Recorded.Replications.Where(r => r.Kind == ReplicationRow.Replicate)], summary?.Replications, Agrees);
        return
        [
            new("runs", RunColumns, [RunRow(run, zero, importedAt)]),
            new("phases", ["run_id", "ordinal", "name", "start_s", "end_s", "start_at", "end_at", "events"],
                [.. (summary?.Phases ?? []).Select((p, i) => new object?[] { runId, i, p.Name, p.StartS, p.EndS, At(p.StartS), At(p.EndS), JsonSerializer.Serialize(p.Events) })])
            {
                Json = new HashSet<string> { "events" },
            },
            new("response_times", ["run_id", "ordinal", "group_name", "phase", "p50", "p95", "p99", "mean", "count"],
                [.. (summary?.ResponseTimeMs ?? new Dictionary<string, IReadOnlyDictionary<string, ResponseTimeStatistics>>())
                    .SelectMany(g => g.Value.Select(p => (Group: g.Key, Phase: p.Key, Statistics: p.Value)))
                    .Select((r, i) => new object?[] { runId, i, r.Group, r.Phase, r.Statistics.P50, r.Statistics.P95, r.Statistics.P99, r.Statistics.Mean, r.Statistics.Count })]),
            DatabaseColumns.Migrations.Rows(runId, run.Recorded.Migrations,
                ["start_s", "end_s", "start_at", "end_at", "restore_ms", "switchover_ms", "broken_connections", "in_summary"], (m, i) =>
                {
                    var s = migrations[i];
                    var start = s?.StartS ?? m.StartS;
                    var end = s?.EndS ?? m.EndS;
                    return [start, end, At(start), At(end), s is null ? m.RestoreMs : s.RestoreMs, s is null ? m.SwitchoverMs : s.SwitchoverMs, s?.BrokenConnections, s is not null];
                }),
            new("migration_sites", ["run_id", "migration", "ordinal", "site", "client_downtime_ms", "convergence_ms", "answers_in_flight_ms"],
                [.. migrations.SelectMany((s, i) => s is null ? [] : Sites(s).Select((site, o) => new object?[]
                {
                    runId, i, o, site, s.ClientDowntimeMs.TryGetValue(site, out var down) ? down : null, s.ConvergenceMs.TryGetValue(site, out var converged) ? converged : null,
                    s.AnswersInFlightMs.TryGetValue(site, out var inFlight) ? inFlight : null,
                }))]),
            DatabaseColumns.Replications.Rows(runId, run.Recorded.Replications,
                ["start_s", "end_s", "start_at", "end_at", "dropped_s", "dropped_at", "in_summary"], (r, i) =>
                {
                    var replica = r.Kind == ReplicationRow.Replicate ? replicas[run.Recorded.Replications.Take(i).Count(x => x.Kind == ReplicationRow.Replicate)] : null;
                    var start = replica?.StartS ?? r.StartS;
                    var end = replica?.EndS ?? r.EndS;
                    return [start, end, At(start), At(end), replica?.DroppedS, At(replica?.DroppedS), replica is not null];
                }),
            Events(runId, run.Events),
            DatabaseColumns.Calibration.Rows(runId, run.Calibration, ["link"], (c, _) => [c.Link]),
            DatabaseColumns.GuestCalibration.Rows(runId, run.Recorded.GuestCalibrationRows),
            DatabaseColumns.Paths.Rows(runId, run.Recorded.PathRows),
            DatabaseColumns.Handovers.Rows(runId, run.Recorded.HandoverRows),
            Requests(runId, run.Recorded.Requests, zero),
            Probes(runId, run.Recorded.Probes, zero),
        ];
    }
    /// <summary>The events table's rows of <paramref name="events"/>, numbered from <paramref name="firstOrdinal"/>.</summary>
    public static TableRows Events(string runId, IReadOnlyList<EventRow> events, int firstOrdinal = 0) =>
        new("events", ["run_id", "ordinal", "t_s", "at", "at_ticks", "kind", "details"],
            [.. events.Select((e, i) => new object?[] { runId, firstOrdinal + i, e.TimeS, e.At, Ticks.Of(e.At), e.Kind, e.Details.ToJsonString() })])
        {
            Json = new HashSet<string> { "details" },
        };

    /// <summary>The requests table's rows, their instants from the run's zero, numbered from <paramref name="firstOrdinal"/>.</summary>
    public static TableRows Requests(string runId, IReadOnlyList<RequestRow> requests, DateTimeOffset? zero, int firstOrdinal = 0) =>
        DatabaseColumns.Requests.Rows(runId, requests, ["at"], (r, _) => [At(zero, r.TimeS)], bulk: true, firstOrdinal: firstOrdinal);

    /// <summary>The probes table's rows, as <see cref="Requests"/>.</summary>
    public static TableRows Probes(string runId, IReadOnlyList<ProbeRow> probes, DateTimeOffset? zero, int firstOrdinal = 0) =>
        DatabaseColumns.Probes.Rows(runId, probes, ["at"], (p, _) => [At(zero, p.TimeS)], bulk: true, firstOrdinal: firstOrdinal);

    private static DateTimeOffset? At(DateTimeOffset? zero, double? seconds) => zero is { } z && seconds is { } s ? z + TimeSpan.FromSeconds(s) : null;

    public static IReadOnlyList<string> RunColumns { get; } =
    [
        "run_id", "experiment", "mechanism", "policy", "link_emulation", "accel", "seed", "duration_s", "started_at", "started_ticks", "zero_at", "zero_ticks",
        "completed", "error", "has_summary", "sweep_id", "sweep_point", "sweep_values", "repetition", "requests_total", "requests_failed", "requests_by_outcome",
        "broken_connections", "directory", "imported_at", "probe_interval_ms", "methods", "probe_protocol", "time_compression", "status", "cpu", "fidelity",
    ];

    /// <summary>
    /// The instant of t = 0 on the run's clock: any timed event's instant less its seconds
    /// (they agree to the microsecond t_s is rounded to). Null for a run that never started its timeline.
    /// </summary>
    public static DateTimeOffset? ZeroOf(IEnumerable<EventRow> events) =>
        events.FirstOrDefault(e => e.TimeS is not null) is { } timed ? timed.At - TimeSpan.FromSeconds(timed.TimeS!.Value) : null;

    private static object?[] RunRow(RunResults run, DateTimeOffset? zero, DateTimeOffset importedAt)
    {
        var s = run.Summary;
        var started = run.Events.FirstOrDefault(e => e.Kind == "run-started");
        var startedAt = s?.StartedAt ?? started?.At;
        var experiment = s?.Experiment ?? started?.Text("experiment") ?? Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(run.Directory))) ?? "";
        var linkEmulation = s?.LinkEmulation ?? run.Events.FirstOrDefault(e => e.Kind == "network-built")?.Text("link_emulation");
        var seed = s?.Seed ?? (started?.Number("seed") is { } n ? (int)n : null);
        return
        [
            run.RunId, experiment, s?.Mechanism ?? started?.Text("mechanism"), s?.Policy ?? started?.Text("policy"), linkEmulation, s?.Accel, seed, s?.DurationS,
            startedAt, startedAt is { } at ? Ticks.Of(at) : null, zero, zero is { } z ? Ticks.Of(z) : null,
            s?.Completed, s?.Error, s is not null, s?.Sweep?.Id, s?.Sweep?.Point, s?.Sweep is { } sweep ? JsonSerializer.Serialize(sweep.Values) : null, s?.Sweep?.Repetition,
            s?.Requests.Total, s?.Requests.Failed, s is null ? null : JsonSerializer.Serialize(s.Requests.ByOutcome),
            s?.Requests.BrokenConnections ?? run.Recorded.BrokenConnections.Count, Path.GetFullPath(run.Directory), importedAt, s?.ProbeIntervalMs,
            s is null ? null : JsonSerializer.Serialize(s.Methods), s?.ProbeProtocol, s?.TimeCompression,
            s?.Status is { } status ? EnumWords<RunStatus>.Word(status) : null,
            s is null ? null : JsonSerializer.Serialize(s.Cpu, ResultsJson.Indented), s is null ? null : JsonSerializer.Serialize(s.Fidelity, ResultsJson.Indented),
        ];
    }

    /// <summary>Each recorded row's summary entry (null without a summary), checked to be the same migration or replica.</summary>
    private static TSummary?[] Pair<TRow, TSummary>(RunResults run, IReadOnlyList<TRow> rows, IReadOnlyList<TSummary>? summaries, Func<TRow, TSummary, bool> agrees)
        where TSummary : class
    {
        if (summaries is null)
        {
            return new TSummary?[rows.Count];
        }

        if (summaries.Count != rows.Count || rows.Where((row, i) => !agrees(row, summaries[i])).Any())
        {
            throw new InvalidDataException(
                $"{run.Directory}: {ResultsFileNames.Summary} and the CSV files disagree about the run's {typeof(TRow).Name.Replace("Row", "s", StringComparison.Ordinal).ToLowerInvariant()}");
        }

        return [.. summaries];
    }

    private static bool Agrees(MigrationRow row, MigrationSummary summary) =>
        (row.Vm, row.From, row.To, row.Outcome, row.Reason, row.StartS, row.EndS, row.QemuTotalMs, row.QemuDowntimeMs, row.Bytes, row.RestoreMs, row.SwitchoverMs)
        == (summary.Vm, summary.From, summary.To, summary.Outcome, summary.Reason, ResultsCsv.Figure(summary.StartS), ResultsCsv.Figure(summary.EndS), summary.QemuTotalMs,
            summary.QemuDowntimeMs, summary.Bytes, ResultsCsv.Figure(summary.RestoreMs), ResultsCsv.Figure(summary.SwitchoverMs));

    private static bool Agrees(ReplicationRow row, ReplicationSummary summary) =>
        (row.Vm, row.From, row.DataCenter, row.Outcome, row.Reason, row.StartS, row.EndS, row.QemuTotalMs, row.QemuDowntimeMs, row.Bytes)
        == (summary.Vm, summary.From, summary.DataCenter, summary.Outcome, summary.Reason, ResultsCsv.Figure(summary.StartS), ResultsCsv.Figure(summary.EndS),
            summary.QemuTotalMs, summary.QemuDowntimeMs, summary.Bytes);

    /// <summary>Every site a migration has a figure for, in the summary's order.</summary>
    private static IEnumerable<string> Sites(MigrationSummary migration) =>
        migration.ClientDowntimeMs.Keys.Concat(migration.ConvergenceMs.Keys).Distinct(StringComparer.Ordinal);
}
