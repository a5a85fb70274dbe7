using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Npgsql;
using Testbed.Results.Reading;
using Testbed.Results.Records;
using Testbed.Results.Store;
using Testbed.Results.Tests.Fixtures;
using Testbed.TestSupport;

namespace Testbed.Results.Tests.Dashboards;

/// <summary>
/// Every query of every dashboard, run as Grafana would run it (its variables and macros
/// filled in) against a real PostgreSQL holding the real runs: it must succeed, give the
/// columns its panel shows, and give rows for at least one run.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed partial class DashboardSqlTests(PostgresServer server)
{
    private static readonly string[] Annotation = ["time", "timeEnd", "text", "tags"];

    /// <summary>The columns each query must return, in order: what its panel, annotation or variable reads.</summary>
    private static readonly Dictionary<string, string[]> Expected = new(StringComparer.Ordinal)
    {
        ["testbed-run/variable/run"] = ["__value", "__text"],
        ["testbed-run/annotation/Migrations"] = Annotation,
        ["testbed-run/annotation/Replicas"] = Annotation,
        ["testbed-run/annotation/Client downtime"] = Annotation,
        ["testbed-run/annotation/Link changes"] = Annotation,
        ["testbed-run/Runs/A"] =
        [
            "run_id", "experiment", "mechanism", "policy", "started_at", "duration_s", "completed", "requests_total", "requests_failed", "broken_connections",
            "sweep_id", "sweep_point", "repetition", "from_ms", "to_ms",
        ],
        ["testbed-run/Response time per group (median and p95 per second)/A"] = ["time", "metric", "latency_ms"],
        ["testbed-run/Response time per group (median and p95 per second)/B"] = ["time", "metric", "latency_ms"],
        ["testbed-run/Failed requests per group (per second)/A"] = ["time", "metric", "requests"],
        ["testbed-run/Probe round trip per site (worst per 100 ms)/A"] = ["time", "metric", "rtt_ms"],
        ["testbed-run/Unanswered probes per site (per 100 ms)/A"] = ["time", "metric", "lost"],
        ["testbed-run/Downtime windows/A"] =
            ["vm", "from_dc", "to_dc", "site", "silent_from", "answered_again", "client_downtime_ms", "convergence_ms", "qemu_downtime_ms"],
        ["testbed-run/Link changes/A"] = ["time", "t_s", "kind", "link", "delay_ms", "loss_percent", "bandwidth_mbps"],
        ["testbed-run/Migrations/A"] =
        [
            "vm", "from_dc", "to_dc", "reason", "outcome", "start_s", "end_s", "qemu_total_ms", "qemu_downtime_ms", "restore_ms", "switchover_ms",
            "worst_client_downtime_ms", "mib", "broken_connections", "error",
        ],
        ["testbed-run/Replicas/A"] =
            ["kind", "vm", "from_dc", "data_center", "reason", "outcome", "start_s", "end_s", "dropped_s", "qemu_total_ms", "qemu_downtime_ms", "mib", "error"],
        ["testbed-run/Handovers per group (per minute)/A"] = ["time", "metric", "handovers"],
        ["testbed-run/Link calibration/A"] =
        [
            "link", "emulation", "configured_delay_ms", "measured_delay_ms", "delay_p99_ms", "delay_error_ms", "delay_tolerance_ms", "configured_mbps", "measured_mbps",
            "throughput_ratio", "ok",
        ],
        ["testbed-live/variable/run"] = ["__value", "__text"],
        ["testbed-live/Where the run is/A"] = ["run_id", "experiment", "mechanism", "policy", "phase", "clock_s", "requests", "status"],
        ["testbed-live/Response time per group (median per second)/A"] = ["time", "metric", "latency_ms"],
        ["testbed-live/Probe round trip per site (worst per second)/A"] = ["time", "metric", "rtt_ms"],
        ["testbed-live/Latest events/A"] = ["t_s", "at", "kind", "details"],
        ["testbed-migrations/variable/experiment"] = ["experiment"],
        ["testbed-migrations/variable/mechanism"] = ["mechanism"],
        ["testbed-migrations/QEMU downtime and the downtime users saw/A"] = ["migration", "qemu_downtime_ms", "client_downtime_ms"],
        ["testbed-migrations/Total migration time/A"] = ["migration", "qemu_total_ms", "testbed_total_ms"],
        ["testbed-migrations/Bytes sent per migration/A"] = ["migration", "mib"],
        ["testbed-migrations/Restore and switch-over/A"] = ["migration", "restore_ms", "switchover_ms"],
        ["testbed-migrations/Migrations/A"] =
        [
            "run_id", "experiment", "mechanism", "policy", "vm", "from_dc", "to_dc", "reason", "outcome", "start_at", "qemu_total_ms", "qemu_downtime_ms",
            "client_downtime_ms", "restore_ms", "switchover_ms", "mib", "broken_connections", "from_ms", "to_ms",
        ],
        ["testbed-migrations/Downtime per user site/A"] =
            ["run_id", "experiment", "mechanism", "vm", "from_dc", "to_dc", "site", "client_downtime_ms", "convergence_ms"],
        ["testbed-comparison/variable/experiment"] = ["experiment"],
        ["testbed-comparison/variable/mechanism"] = ["mechanism"],
        ["testbed-comparison/variable/policy"] = ["policy"],
        ["testbed-comparison/Client downtime by mechanism and policy/A"] = ["configuration", "mean_ms", "worst_ms"],
        ["testbed-comparison/QEMU downtime by mechanism and policy/A"] = ["configuration", "mean_ms", "worst_ms"],
        ["testbed-comparison/Median response time per phase/A"] = ["phase_configuration", "p50_ms"],
        ["testbed-comparison/p95 response time per phase/A"] = ["phase_configuration", "p95_ms"],
        ["testbed-comparison/Response time per phase and group/A"] =
            ["experiment", "phase", "group_name", "mechanism", "policy", "runs", "p50_ms", "p95_ms", "p99_ms", "requests"],
        ["testbed-comparison/Broken connections by mechanism and policy/A"] = ["configuration", "broken_connections", "per_run"],
        ["testbed-comparison/Failed requests by mechanism and policy/A"] = ["experiment", "configuration", "runs", "requests", "failed", "failed_percent"],
        ["testbed-comparison/Runs compared/A"] =
        [
            "run_id", "experiment", "mechanism", "policy", "seed", "started_at", "completed", "sweep_id", "sweep_point", "sweep_values", "repetition",
            "requests_total", "requests_failed", "broken_connections", "from_ms", "to_ms",
        ],
    };

    private static readonly string[] Numeric = ["double precision", "numeric", "bigint", "integer"];
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (PostgresServer Server, string ConnectionString, IReadOnlyList<StoredRunSpan> Runs)? _database;

    public static TheoryData<string> Queries => [.. ProvisionedDashboards.Queries().Select(q => q.Key)];

    [Fact]
    public void Every_query_has_its_expected_columns_and_every_expectation_a_query()
    {
        var keys = ProvisionedDashboards.Queries().Select(q => q.Key).ToList();

        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task The_query_runs_on_the_real_runs_with_the_columns_its_panel_reads(string key)
    {
        var query = Assert.Single(ProvisionedDashboards.Queries(), q => q.Key == key);
        var (connectionString, runs) = await DatabaseAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var rows = 0;

        foreach (var run in query.Sql.Contains("$run", StringComparison.Ordinal) ? runs : runs.Take(1))
        {
            var sql = await FillInAsync(connection, query.Sql, run);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(i => (Name: reader.GetName(i), Type: reader.GetDataTypeName(i))).ToList();
            Assert.Equal(Expected[key], columns.Select(c => c.Name));
            CheckShape(query, columns);
            while (await reader.ReadAsync())
            {
                rows++;
            }
        }

        Assert.True(rows > 0, $"{key}: no rows for any of the runs {string.Join(", ", runs.Select(r => r.RunId))}");
    }

    /// <summary>What Grafana needs of each kind of query beyond the names: a time axis, numbers to draw, a label per bar.</summary>
    private static void CheckShape(DashboardQuery query, List<(string Name, string Type)> columns)
    {
        if (query.Format == "time_series")
        {
            Assert.Equal(("time", "timestamp with time zone"), columns[0]);
            Assert.All(columns.Skip(1).Where(c => c.Name != "metric"), c => Assert.Contains(c.Type, Numeric));
        }

        switch (query.Shape)
        {
            case "annotation":
                Assert.All(columns.Take(2), c => Assert.Equal("timestamp with time zone", c.Type));
                Assert.Equal("text", columns[2].Type);
                break;
            case "barchart":
                Assert.Equal("text", columns[0].Type);
                Assert.All(columns.Skip(1), c => Assert.Contains(c.Type, Numeric));
                break;
            case "variable":
                Assert.All(columns, c => Assert.Equal("text", c.Type));
                break;
        }
    }

    /// <summary>
    /// The query as Grafana sends it: $run is the run; the multi-value variables are "All",
    /// every value quoted; $__timeFilter(column) is the run's span, as the links to a run set it.
    /// </summary>
    private static async Task<string> FillInAsync(NpgsqlConnection connection, string sql, StoredRunSpan run)
    {
        var filled = sql.Replace("$run", run.RunId, StringComparison.Ordinal);
        foreach (var variable in (string[])["experiment", "mechanism", "policy"])
        {
            if (filled.Contains("$" + variable, StringComparison.Ordinal))
            {
                await using var values = connection.CreateCommand();
                values.CommandText = $"SELECT DISTINCT {variable} FROM runs WHERE {variable} IS NOT NULL";
                var all = new List<string>();
                await using (var reader = await values.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        all.Add("'" + reader.GetString(0).Replace("'", "''", StringComparison.Ordinal) + "'");
                    }
                }

                filled = filled.Replace("$" + variable, string.Join(',', all), StringComparison.Ordinal);
            }
        }

        filled = TimeFilter().Replace(filled, m => $"{m.Groups[1].Value} BETWEEN '{run.From:O}' AND '{run.To:O}'");
        Assert.DoesNotContain("$", filled, StringComparison.Ordinal);
        return filled;
    }

    /// <summary>One database per server for the whole class: the real runs, and one real run given link changes, which no checked-in run has.</summary>
    private async Task<(string ConnectionString, IReadOnlyList<StoredRunSpan> Runs)> DatabaseAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_database is not { } database || database.Server != server)
            {
                var connectionString = await server.CreateDatabaseAsync();
                var runs = RecordedRuns.All.Select(RunResultsReader.Read).Append(WithLinkChanges(RunResultsReader.Read(RecordedRuns.OneMove))).ToList();
                await using (var store = await ResultsStore.OpenAsync(new ResultsDatabaseLocation(ResultsDatabaseKind.Postgres, connectionString), CancellationToken.None))
                {
                    foreach (var run in runs)
                    {
                        Assert.Equal(ImportOutcome.Imported, await store.ImportAsync(run, CancellationToken.None));
                    }
                }

                database = (server, connectionString, [.. runs.Select(StoredRunSpan.Of)]);
                _database = database;
            }

            return (database.ConnectionString, database.Runs);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static RunResults WithLinkChanges(RunResults run)
    {
        var zero = RunTableRows.ZeroOf(run.Events)!.Value;
        EventRow At(double seconds, string kind, JsonObject details) => new(seconds, zero + TimeSpan.FromSeconds(seconds), kind, details);
        return run with
        {
            Summary = run.Summary! with { RunId = run.RunId + "-links" },
            Events =
            [
                .. run.Events,
                At(12, "link-changed", new JsonObject
                {
                    ["link"] = "near2-r2", ["delay_ms"] = 50, ["jitter_ms"] = 0, ["loss_percent"] = 1, ["bandwidth_mbps"] = 100, ["queue_packets"] = null,
                }),
                At(14, "link-down", new JsonObject { ["link"] = "near1-r1" }),
                At(15.5, "link-up", new JsonObject { ["link"] = "near1-r1" }),
            ],
        };
    }

    [GeneratedRegex(@"\$__timeFilter\((\w+)\)")]
    private static partial Regex TimeFilter();

    /// <summary>A stored run and the time range that shows it: t = 0 less 5 s, to its end plus 5 s.</summary>
    private sealed record StoredRunSpan(string RunId, DateTimeOffset From, DateTimeOffset To)
    {
        public static StoredRunSpan Of(RunResults run)
        {
            var zero = RunTableRows.ZeroOf(run.Events)!.Value;
            return new(run.RunId, zero.AddSeconds(-5), zero.AddSeconds(run.Summary!.DurationS + 5));
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{RunId} {From:O}..{To:O}");
    }
}
