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
public sealed class RunRecorder : IRunRecords, IDisposable
{
    private readonly Lock _lock = new();
    private readonly CsvRowAppender<RequestRow> _requests;
    private readonly CsvRowAppender<ProbeRow> _probes;
    private readonly CsvRowAppender<MigrationRow> _migrations;
    private readonly CsvRowAppender<ReplicationRow> _replications;
    private readonly CsvRowAppender<CpuRow> _cpu;
    private readonly CsvRowAppender<LinkSecondRow> _links;
    private readonly CsvRowAppender<GuestCalibrationRow> _guestCalibration;
    private readonly CsvRowAppender<PathRow> _paths;
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
    private readonly List<RunFault> _faults = [];
    private readonly TaskCompletionSource _clockStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset? _zero;

    public RunRecorder(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        _requests = new(PathOf(ResultsFileNames.Requests), RequestRowMap.Instance);
        _probes = new(PathOf(ResultsFileNames.Probes), ProbeRowMap.Instance);
        _migrations = new(PathOf(ResultsFileNames.Migrations), MigrationRowMap.Instance);
        _replications = new(PathOf(ResultsFileNames.Replications), ReplicationRowMap.Instance);
        _cpu = new(PathOf(ResultsFileNames.Cpu), CpuRowMap.Instance);
        _links = new(PathOf(ResultsFileNames.Links), LinkSecondRowMap.Instance);
        _guestCalibration = new(PathOf(ResultsFileNames.GuestCalibration), GuestCalibrationRowMap.Instance);
        _paths = new(PathOf(ResultsFileNames.Paths), PathRowMap.Instance);
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

        _requests.Append(row);
    }

    public void Probe(ProbeRow row)
    {
        lock (_lock)
        {
            _probeRows.Add(row);
        }

        _probes.Append(row);
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

        _migrations.Append(row);
    }

    public void Replication(ReplicationRow row)
    {
        lock (_lock)
        {
            _replicationRows.Add(row);
        }

        _replications.Append(row);
    }

    public void GuestCalibration(GuestCalibrationRow row)
    {
        lock (_lock)
        {
            _guestCalibrationRows.Add(row);
        }

        _guestCalibration.Append(row);
    }

    public void ConfiguredPath(PathRow row)
    {
        lock (_lock)
        {
            _pathRows.Add(row);
        }

        _paths.Append(row);
    }

    public void Fault(RunFault fault)
    {
        lock (_lock)
        {
            _faults.Add(fault);
        }

        Event(RunFault.EventKind, new { fault.Component, fault.Cause, fault.Effect, fault.Recovery, FaultTimeS = fault.TimeS });
    }

    public void Cpu(CpuRow row)
    {
        lock (_lock)
        {
            _cpuRows.Add(row);
        }

        _cpu.Append(row);
    }

    public void LinkSecond(LinkSecondRow row)
    {
        lock (_lock)
        {
            _linkRows.Add(row);
        }

        _links.Append(row);
    }

    /// <summary>Writes calibration.csv: every WAN link measured before the timeline, passed or not.</summary>
    public void Calibration(IEnumerable<CalibrationRow> rows)
    {
        File.Delete(PathOf(ResultsFileNames.Calibration));
        using var file = new CsvRowAppender<CalibrationRow>(PathOf(ResultsFileNames.Calibration), CalibrationRowMap.Instance);
        foreach (var row in rows)
        {
            file.Append(row);
        }
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
                [.. _guestCalibrationRows], [.. _pathRows], [.. _faults]);
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
