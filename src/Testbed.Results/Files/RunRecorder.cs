using System.Text.Json;
using System.Text.Json.Nodes;
using Testbed.Results.Records;

namespace Testbed.Results.Files;

/// <summary>
/// Everything a run measures, appended to its results directory the moment it is known
/// (each row flushed, so a crash or Ctrl-C keeps what came before) and kept in memory for
/// the live view and the summary. Times are seconds on the run's clock, whose zero is the
/// start of the timeline; events from the set-up before it carry a null t_s.
/// </summary>
public sealed class RunRecorder : IDisposable
{
    private readonly Lock _lock = new();
    private readonly CsvAppender _requests;
    private readonly CsvAppender _probes;
    private readonly CsvAppender _migrations;
    private readonly CsvAppender _replications;
    private readonly CsvAppender _cpu;
    private readonly CsvAppender _links;
    private readonly CsvAppender _guestCalibration;
    private readonly CsvAppender _paths;
    private readonly StreamWriter _events;
    private readonly List<RequestRow> _requestRows = [];
    private readonly List<ProbeRow> _probeRows = [];
    private readonly List<BrokenConnectionRow> _brokenRows = [];
    private readonly List<MigrationRow> _migrationRows = [];
    private readonly List<ReplicationRow> _replicationRows = [];
    private readonly List<CpuRow> _cpuRows = [];
    private readonly List<LinkSecondRow> _linkRows = [];
    private readonly List<GuestCalibrationRow> _guestCalibrationRows = [];
    private readonly List<PathRow> _pathRows = [];
    private readonly TaskCompletionSource _clockStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset? _zero;

    public RunRecorder(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        _requests = new CsvAppender(PathOf(ResultsFileNames.Requests), "t_s", "group", "user", "site", "latency_ms", "outcome", "served_by", "send_late_ms");
        _probes = new CsvAppender(PathOf(ResultsFileNames.Probes), "t_s", "group", "site", "seq", "rtt_ms", "send_late_ms");
        _migrations = new CsvAppender(PathOf(ResultsFileNames.Migrations),
            "vm", "from", "to", "start_s", "end_s", "outcome", "resume_s", "qemu_total_ms", "qemu_downtime_ms", "restore_ms", "switchover_ms", "bytes", "reason", "error",
            "stop_s", "in_flight_ms", "load_ms", "path_ready_ms", "guest_first_frame_ms", "send_buffer_bytes", "unsent_limit_bytes", "receive_buffer_bytes", "path_queue_packets", "settings");
        _replications = new CsvAppender(PathOf(ResultsFileNames.Replications),
            "kind", "vm", "from", "data_center", "start_s", "end_s", "outcome", "qemu_total_ms", "qemu_downtime_ms", "bytes", "reason", "error");
        _cpu = new CsvAppender(PathOf(ResultsFileNames.Cpu), "t_s", "process", "role", "cpu_ms", "interval_s", "core_pct");
        _links = new CsvAppender(PathOf(ResultsFileNames.Links), "t_s", "link", "direction", "frames", "drops", "late_p50_us", "late_p99_us", "wake_delay_us", "tolerance_us", "off_spec");
        _guestCalibration = new CsvAppender(PathOf(ResultsFileNames.GuestCalibration),
            "vm", "data_center", "kind", "request_bytes", "count", "rtt_p50_ms", "rtt_p99_ms", "service_time_ms", "turnaround_p50_ms", "turnaround_p99_ms");
        _paths = new CsvAppender(PathOf(ResultsFileNames.Paths), "site", "data_center", "forward_ms", "return_ms", "rtt_ms", "link_crossings", "measured_rtt_ms");
        _events = new StreamWriter(new FileStream(PathOf(ResultsFileNames.Events), FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true, NewLine = "\n" };
    }

    public string Directory { get; }

    /// <summary>The wall-clock instant of t = 0, once the timeline has started.</summary>
    public DateTimeOffset? Zero
    {
        get
        {
            lock (_lock)
            {
                return _zero;
            }
        }
    }

    public string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>Completes when the clock starts: for a watcher whose seconds count from t = 0.</summary>
    public Task ClockStarted => _clockStarted.Task;

    /// <summary>Sets t = 0 (once; later calls keep the first).</summary>
    public void StartClock(DateTimeOffset zero)
    {
        lock (_lock)
        {
            _zero ??= zero;
        }

        _clockStarted.TrySetResult();
    }

    /// <summary>Seconds on the run's clock; before the clock starts, 0.</summary>
    public double SecondsAt(DateTimeOffset instant) => Zero is { } zero ? (instant - zero).TotalSeconds : 0;

    public double Now() => SecondsAt(DateTimeOffset.UtcNow);

    public void Request(RequestRow row)
    {
        lock (_lock)
        {
            _requestRows.Add(row);
        }

        _requests.Append(row.TimeS, row.Group, row.User, row.Site, row.LatencyMs, row.Outcome, row.ServedBy, row.SendLateMs);
    }

    public void Probe(ProbeRow row)
    {
        lock (_lock)
        {
            _probeRows.Add(row);
        }

        _probes.Append(row.TimeS, row.Group, row.Site, row.Sequence, row.RttMs, row.SendLateMs);
    }

    public void Broken(BrokenConnectionRow row)
    {
        lock (_lock)
        {
            _brokenRows.Add(row);
        }

        Event("connection-broken", new { row.Group, row.User, row.Site, row.Reason });
    }

    public void Migration(MigrationRow row)
    {
        lock (_lock)
        {
            _migrationRows.Add(row);
        }

        _migrations.Append(row.Vm, row.From, row.To, row.StartS, row.EndS, row.Outcome, row.ResumeS, row.QemuTotalMs, row.QemuDowntimeMs,
            row.RestoreMs, row.SwitchoverMs, row.Bytes, row.Reason, row.Error,
            row.StopS, row.InFlightMs, row.LoadMs, row.PathReadyMs, row.GuestFirstFrameMs, row.SendBufferBytes, row.UnsentLimitBytes, row.ReceiveBufferBytes, row.PathQueuePackets, row.Settings);
    }

    public void Replication(ReplicationRow row)
    {
        lock (_lock)
        {
            _replicationRows.Add(row);
        }

        _replications.Append(row.Kind, row.Vm, row.From, row.DataCenter, row.StartS, row.EndS, row.Outcome, row.QemuTotalMs, row.QemuDowntimeMs,
            row.Bytes, row.Reason, row.Error);
    }

    public void GuestCalibration(GuestCalibrationRow row)
    {
        lock (_lock)
        {
            _guestCalibrationRows.Add(row);
        }

        _guestCalibration.Append(row.Vm, row.DataCenter, row.Kind, row.RequestBytes, row.Count, row.RttP50Ms, row.RttP99Ms, row.ServiceTimeMs,
            row.TurnaroundP50Ms, row.TurnaroundP99Ms);
    }

    public void ConfiguredPath(PathRow row)
    {
        lock (_lock)
        {
            _pathRows.Add(row);
        }

        _paths.Append(row.Site, row.DataCenter, row.ForwardMs, row.ReturnMs, row.RoundTripMs, row.LinkCrossings, row.MeasuredRttMs);
    }

    public void Cpu(CpuRow row)
    {
        lock (_lock)
        {
            _cpuRows.Add(row);
        }

        _cpu.Append(row.TimeS, row.Process, row.Role, Math.Round(row.CpuMs, 3), Math.Round(row.IntervalS, 6), Math.Round(row.CorePct, 2));
    }

    public void LinkSecond(LinkSecondRow row)
    {
        lock (_lock)
        {
            _linkRows.Add(row);
        }

        _links.Append(row.TimeS, row.Link, row.Direction, row.Frames, row.Drops, Round(row.LateP50Us), Round(row.LateP99Us), Round(row.WakeDelayUs), Math.Round(row.ToleranceUs, 1),
            row.OffSpec ? "true" : "false");

        static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;
    }

    /// <summary>Appends one line to events.jsonl: t_s, at, kind, then the fields of <paramref name="details"/> in snake_case.</summary>
    public void Event(string kind, object? details = null)
    {
        var now = DateTimeOffset.UtcNow;
        var line = new JsonObject
        {
            ["t_s"] = Zero is null ? null : Math.Round(SecondsAt(now), 6),
            ["at"] = now.ToString("O"),
            ["kind"] = kind,
        };
        if (details is not null && JsonSerializer.SerializeToNode(details, ResultsJson.Line) is JsonObject fields)
        {
            foreach (var (name, value) in fields.ToList())
            {
                fields.Remove(name);

                // t_s, at and kind belong to the line; a detail of the same name must not hide them.
                line[line.ContainsKey(name) ? "detail_" + name : name] = value;
            }
        }

        var text = line.ToJsonString(ResultsJson.Line);
        lock (_lock)
        {
            _events.WriteLine(text);
        }
    }

    /// <summary>A consistent copy of everything recorded so far.</summary>
    public RecordedRun Snapshot()
    {
        lock (_lock)
        {
            return new RecordedRun([.. _requestRows], [.. _probeRows], [.. _brokenRows], [.. _migrationRows], [.. _replicationRows], [.. _cpuRows], [.. _linkRows],
                [.. _guestCalibrationRows], [.. _pathRows]);
        }
    }

    /// <summary>The median latency of the group's successful requests due in the last <paramref name="window"/>; null without any.</summary>
    public double? RecentMedianMs(string group, TimeSpan window)
    {
        var since = Now() - window.TotalSeconds;
        List<double> recent;
        lock (_lock)
        {
            recent = [.. _requestRows.AsEnumerable().Reverse().TakeWhile(r => r.TimeS >= since - 30)
                .Where(r => r.Group == group && r.Succeeded && r.TimeS >= since && r.LatencyMs is not null).Select(r => r.LatencyMs!.Value)];
        }

        return recent.Count == 0 ? null : Summary.Percentiles.Of(recent, 0.5);
    }

    public void Dispose()
    {
        _requests.Dispose();
        _probes.Dispose();
        _migrations.Dispose();
        _replications.Dispose();
        _cpu.Dispose();
        _links.Dispose();
        _guestCalibration.Dispose();
        _paths.Dispose();
        lock (_lock)
        {
            _events.Dispose();
        }
    }
}
