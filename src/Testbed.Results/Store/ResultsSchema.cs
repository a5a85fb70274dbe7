namespace Testbed.Results.Store;

/// <summary>
/// The results database's schema as an ordered list of steps. Opening a database applies the
/// steps it lacks, in one transaction, and records each in schema_version. A new column or
/// table is a new step at the end; a step once released never changes.
/// </summary>
/// <remarks>
/// Times are kept twice where Grafana needs them: seconds on the run's clock (t_s, start_s...,
/// as the files say) and the absolute instant (at, start_at...), which is the run's zero_at plus
/// those seconds. JSON whose key order is part of what it says (sweep_values,
/// requests_by_outcome) is text; JSON for queries (events.details) is jsonb in PostgreSQL. *_ticks columns keep .NET's 100 ns ticks since the Unix epoch, because
/// timestamptz holds only microseconds and a run read back must equal its files.
/// </remarks>
public static class ResultsSchema
{
    public static IReadOnlyList<SchemaStep> Steps { get; } =
    [
        new(1, "runs, their summaries, rows, events and calibration", d => $"""
            CREATE TABLE runs (
                run_id text PRIMARY KEY,
                experiment text NOT NULL,
                mechanism text,
                policy text,
                link_emulation text,
                accel text,
                seed integer,
                duration_s double precision,
                started_at {d.Timestamp},
                started_ticks bigint,
                zero_at {d.Timestamp},
                zero_ticks bigint,
                completed {d.Boolean},
                error text,
                has_summary {d.Boolean} NOT NULL,
                sweep_id text,
                sweep_point integer,
                sweep_values text,
                repetition integer,
                requests_total integer,
                requests_failed integer,
                requests_by_outcome text,
                broken_connections integer,
                directory text NOT NULL,
                imported_at {d.Timestamp} NOT NULL
            );
            CREATE INDEX runs_by_experiment ON runs (experiment, mechanism, policy);
            CREATE INDEX runs_by_sweep ON runs (sweep_id, sweep_point, repetition);

            CREATE TABLE phases (
                run_id text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
                ordinal integer NOT NULL,
                name text NOT NULL,
                start_s double precision NOT NULL,
                end_s double precision NOT NULL,
                start_at {d.Timestamp},
                end_at {d.Timestamp},
                events {d.Json} NOT NULL,
                PRIMARY KEY (run_id, ordinal)
            );

            CREATE TABLE response_times (
                run_id text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
                ordinal integer NOT NULL,
                group_name text NOT NULL,
                phase text NOT NULL,
                p50 double precision,
                p95 double precision,
                p99 double precision,
                mean double precision,
                count integer NOT NULL,
                PRIMARY KEY (run_id, ordinal)
            );

            CREATE TABLE requests (
                run_id text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
                ordinal integer NOT NULL,
                t_s double precision NOT NULL,
                at {d.Timestamp},
                group_name text NOT NULL,
                user_index integer NOT NULL,
                site text NOT NULL,
                latency_ms double precision,
                outcome text NOT NULL,
                served_by text,
                PRIMARY KEY (run_id, ordinal)
            );

            CREATE TABLE probes (
                run_id text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
                ordinal integer NOT NULL,
                t_s double precision NOT NULL,
                at {d.Timestamp},
                group_name text NOT NULL,
                site text NOT NULL,
                seq bigint NOT NULL,
                rtt_ms double precision,
                PRIMARY KEY (run_id, ordinal)
            );

            CREATE TABLE migrations (
                run_id text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
                ordinal integer NOT NULL,
                vm text NOT NULL,
                from_dc text NOT NULL,
                to_dc text NOT NULL,
                start_s double precision NOT NULL,
                end_s double precision NOT NULL,
                start_at {d.Timestamp},
                end_at {d.Timestamp},
                outcome text NOT NULL,
                resume_s double precision,
                qemu_total_ms bigint,
                qemu_downtime_ms bigint,
                restore_ms double precision,
                switchover_ms double precision,
                bytes bigint,
                reason text NOT NULL,
                error text,
                broken_connections integer,
                in_summary {d.Boolean} NOT NULL,
                PRIMARY KEY (run_id, ordinal)
            );

            CREATE TABLE migration_sites (
                run_id text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
                migration integer NOT NULL,
                ordinal integer NOT NULL,
                site text NOT NULL,
                client_downtime_ms double precision,
                convergence_ms double precision,
                PRIMARY KEY (run_id, migration, ordinal)
            );

            CREATE TABLE replications (
                run_id text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
                ordinal integer NOT NULL,
                kind text NOT NULL,
                vm text NOT NULL,
                from_dc text NOT NULL,
                data_center text NOT NULL,
                start_s double precision NOT NULL,
                end_s double precision NOT NULL,
                start_at {d.Timestamp},
                end_at {d.Timestamp},
                outcome text NOT NULL,
                qemu_total_ms bigint,
                qemu_downtime_ms bigint,
                bytes bigint,
                reason text NOT NULL,
                error text,
                dropped_s double precision,
                dropped_at {d.Timestamp},
                in_summary {d.Boolean} NOT NULL,
                PRIMARY KEY (run_id, ordinal)
            );

            CREATE TABLE events (
                run_id text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
                ordinal integer NOT NULL,
                t_s double precision,
                at {d.Timestamp} NOT NULL,
                at_ticks bigint NOT NULL,
                kind text NOT NULL,
                details {d.Json} NOT NULL,
                PRIMARY KEY (run_id, ordinal)
            );
            CREATE INDEX events_by_kind ON events (run_id, kind);

            CREATE TABLE calibration (
                run_id text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
                ordinal integer NOT NULL,
                link text NOT NULL,
                configured_delay_ms double precision NOT NULL,
                measured_delay_ms double precision,
                delay_p99_ms double precision,
                delay_error_ms double precision,
                delay_tolerance_ms double precision NOT NULL,
                configured_mbps double precision,
                measured_mbps double precision,
                throughput_ratio double precision,
                ok {d.Boolean} NOT NULL,
                PRIMARY KEY (run_id, ordinal)
            );
            """),
        new(2, "which emulator shaped each calibrated link", _ => """
            ALTER TABLE calibration ADD COLUMN emulation text;
            """),
        new(3, "how late each probe left its sender", _ => """
            ALTER TABLE probes ADD COLUMN send_late_ms double precision;
            """),
        new(4, "how late each request left its client", _ => """
            ALTER TABLE requests ADD COLUMN send_late_ms double precision;
            """),
        new(5, "each migration's downtime parts and buffers, and each site's answers in flight at the stop", _ => """
            ALTER TABLE migrations ADD COLUMN stop_s double precision;
            ALTER TABLE migrations ADD COLUMN in_flight_ms double precision;
            ALTER TABLE migrations ADD COLUMN load_ms double precision;
            ALTER TABLE migrations ADD COLUMN path_ready_ms double precision;
            ALTER TABLE migrations ADD COLUMN guest_first_frame_ms double precision;
            ALTER TABLE migrations ADD COLUMN send_buffer_bytes bigint;
            ALTER TABLE migrations ADD COLUMN unsent_limit_bytes bigint;
            ALTER TABLE migrations ADD COLUMN receive_buffer_bytes bigint;
            ALTER TABLE migrations ADD COLUMN path_queue_packets integer;
            ALTER TABLE migration_sites ADD COLUMN answers_in_flight_ms double precision;
            """),
        new(6, "each guest's own turnaround, the configured paths response time is set against, and the probe interval", _ => """
            ALTER TABLE runs ADD COLUMN probe_interval_ms double precision;
            ALTER TABLE runs ADD COLUMN methods text;
            ALTER TABLE runs ADD COLUMN probe_protocol text;
            ALTER TABLE migrations ADD COLUMN settings text;

            CREATE TABLE guest_calibration (
                run_id text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
                ordinal integer NOT NULL,
                vm text NOT NULL,
                data_center text NOT NULL,
                kind text NOT NULL,
                request_bytes integer NOT NULL,
                count integer NOT NULL,
                rtt_p50_ms double precision NOT NULL,
                rtt_p99_ms double precision NOT NULL,
                service_time_ms double precision NOT NULL,
                turnaround_p50_ms double precision NOT NULL,
                turnaround_p99_ms double precision NOT NULL,
                PRIMARY KEY (run_id, ordinal)
            );

            CREATE TABLE paths (
                run_id text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
                ordinal integer NOT NULL,
                site text NOT NULL,
                data_center text NOT NULL,
                forward_ms double precision NOT NULL,
                return_ms double precision NOT NULL,
                rtt_ms double precision NOT NULL,
                PRIMARY KEY (run_id, ordinal)
            );
            """),
        new(7, "the links each configured path crosses, and their delays as calibration measured them", _ => """
            ALTER TABLE paths ADD COLUMN link_crossings integer;
            ALTER TABLE paths ADD COLUMN measured_rtt_ms double precision;
            """),
        new(8, "each calibrated link's index and ends, as calibration.csv has them", _ => """
            ALTER TABLE calibration ADD COLUMN link_index integer;
            ALTER TABLE calibration ADD COLUMN a text;
            ALTER TABLE calibration ADD COLUMN b text;
            """),
        new(9, "every change of a user's site (handovers.csv), the time compression mobility played at, and the run's status, CPU and link fidelity", _ => """
            ALTER TABLE runs ADD COLUMN time_compression double precision;
            ALTER TABLE runs ADD COLUMN status text;
            ALTER TABLE runs ADD COLUMN cpu text;
            ALTER TABLE runs ADD COLUMN fidelity text;

            CREATE TABLE handovers (
                run_id text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
                ordinal integer NOT NULL,
                t_s double precision NOT NULL,
                group_name text NOT NULL,
                user_index integer NOT NULL,
                from_site text NOT NULL,
                to_site text NOT NULL,
                cause text NOT NULL,
                PRIMARY KEY (run_id, ordinal)
            );
            """),
    ];

    /// <summary>The version this code writes and reads: the last step's.</summary>
    public static int CurrentVersion => Steps[^1].Version;

    /// <summary>Every table of a run, children first: the order to delete a run's rows in.</summary>
    public static IReadOnlyList<string> RunTables { get; } =
        ["migration_sites", "migrations", "replications", "phases", "response_times", "requests", "probes", "events", "calibration", "guest_calibration", "paths", "handovers", "runs"];
}
