using System.Text.Json;
using System.Text.Json.Nodes;
using Testbed.Results.Reading;
using Testbed.Results.Records;

namespace Testbed.Results.Files;

/// <summary>
/// Everything a run measures, appended to its results directory the moment it is known
/// (each row flushed, so a crash or Ctrl-C keeps what came before), and put on the disk
/// itself at each <see cref="Checkpoint"/>. Rows are not kept in memory: the summary is
/// computed from the files (<see cref="Snapshot"/>), and the live view from a window of
/// recent answers, so a long run's memory stays bounded. Times are seconds on the run's
/// clock, whose zero is the start of the timeline; events from the set-up before it carry a
/// null t_s.
/// </summary>
/// <remarks>
/// A write that fails (a full disk, an I/O error) stops the recording: nothing more is
/// written, nothing is thrown at the writer (often a process's output reader, where an
/// exception would end the whole process), and <see cref="RecordingFailed"/> says once which
/// file failed and why, so that the run can stop and tear down.
/// </remarks>
public sealed class RunRecorder : IRunRecords, IDisposable
{
    /// <summary>How far back the live view's median reaches at most; older answers are dropped as new ones come.</summary>
    private static readonly TimeSpan RecentWindow = TimeSpan.FromSeconds(60);

    private readonly Lock _lock = new();
    private readonly CsvRowAppender<RequestRow> _requests;
    private readonly CsvRowAppender<ProbeRow> _probes;
    private readonly CsvRowAppender<MigrationRow> _migrations;
    private readonly CsvRowAppender<ReplicationRow> _replications;
    private readonly CsvRowAppender<CpuRow> _cpu;
    private readonly CsvRowAppender<LinkSecondRow> _links;
    private readonly CsvRowAppender<GuestCalibrationRow> _guestCalibration;
    private readonly CsvRowAppender<PathRow> _paths;
    private readonly CsvRowAppender<HandoverRow> _handovers;
    private readonly CsvRowAppender<TrackRow> _tracks;
    private readonly CsvRowAppender<MapRow> _map;
    private readonly FileStream _eventsFile;
    private readonly StreamWriter _events;
    private readonly Dictionary<string, Queue<(double TimeS, double LatencyMs)>> _recent = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _clockStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset? _zero;
    private string? _failure;

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
        _handovers = new(PathOf(ResultsFileNames.Handovers), HandoverRowMap.Instance);
        _tracks = new(PathOf(ResultsFileNames.Tracks), TrackRowMap.Instance);
        _map = new(PathOf(ResultsFileNames.Map), MapRowMap.Instance);
        _eventsFile = new FileStream(PathOf(ResultsFileNames.Events), FileMode.Append, FileAccess.Write, FileShare.Read);
        _events = new StreamWriter(_eventsFile) { AutoFlush = true, NewLine = "\n" };
    }

    public string Directory { get; }

    /// <summary>
    /// Raised once, on the writer's thread, when a write fails: with the file and the error, as
    /// "PATH: message". Nothing is recorded after it.
    /// </summary>
    public event Action<string>? RecordingFailed;

    /// <summary>The first write that failed, as <see cref="RecordingFailed"/> said it; null while every write succeeds.</summary>
    public string? Failure
    {
        get
        {
            lock (_lock)
            {
                return _failure;
            }
        }
    }

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
        if (row.Succeeded && row.LatencyMs is { } latency)
        {
            lock (_lock)
            {
                var recent = _recent.TryGetValue(row.Group, out var queue) ? queue : _recent[row.Group] = new();
                recent.Enqueue((row.TimeS, latency));
                while (recent.Peek().TimeS < row.TimeS - RecentWindow.TotalSeconds)
                {
                    recent.Dequeue();
                }
            }
        }

        Append(_requests, row);
    }

    public void Probe(ProbeRow row) => Append(_probes, row);

    public void Broken(BrokenConnectionRow row) => Event("connection-broken", new { row.Group, row.User, row.Site, row.Reason });

    public void Migration(MigrationRow row) => Append(_migrations, row);

    public void Replication(ReplicationRow row) => Append(_replications, row);

    public void GuestCalibration(GuestCalibrationRow row) => Append(_guestCalibration, row);

    public void ConfiguredPath(PathRow row) => Append(_paths, row);

    public void Handover(HandoverRow row) => Append(_handovers, row);

    public void Track(TrackRow row) => Append(_tracks, row);

    public void MapFeature(MapRow row) => Append(_map, row);

    public void Fault(RunFault fault) =>
        Event(RunFault.EventKind, new { fault.Component, fault.Cause, fault.Effect, fault.Recovery, FaultTimeS = fault.TimeS });

    public void Cpu(CpuRow row) => Append(_cpu, row);

    public void LinkSecond(LinkSecondRow row) => Append(_links, row);

    /// <summary>Writes calibration.csv: every WAN link measured before the timeline, passed or not.</summary>
    public void Calibration(IEnumerable<CalibrationRow> rows)
    {
        var path = PathOf(ResultsFileNames.Calibration);
        Guarded(path, () =>
        {
            File.Delete(path);
            using var file = new CsvRowAppender<CalibrationRow>(path, CalibrationRowMap.Instance);
            foreach (var row in rows)
            {
                file.Append(row);
            }

            file.Sync();
        });
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
        Guarded(PathOf(ResultsFileNames.Events), () =>
        {
            lock (_events)
            {
                _events.WriteLine(text);
            }
        });
    }

    /// <summary>
    /// Appends lines already written elsewhere (another lab machine's rows of the same run) to
    /// <paramref name="fileName"/>: through the file's own writer when this recorder keeps one
    /// open, whose position would otherwise write over them; else to the file's end. A CSV
    /// file's lines come without their header.
    /// </summary>
    public void AppendLines(string fileName, IReadOnlyList<string> lines)
    {
        var path = PathOf(fileName);
        Guarded(path, () =>
        {
            if (fileName == ResultsFileNames.Events)
            {
                lock (_events)
                {
                    foreach (var line in lines)
                    {
                        _events.WriteLine(line);
                    }
                }
            }
            else if (Appenders().FirstOrDefault(a => a.Path == path) is { } open)
            {
                open.AppendLines(lines);
            }
            else
            {
                File.AppendAllLines(path, lines);
            }
        });
    }

    /// <summary>Puts every file's rows so far on the disk itself (fsync): at each phase of the run and at its end.</summary>
    public void Checkpoint()
    {
        foreach (var file in Appenders())
        {
            Guarded(file.Path, file.Sync);
        }

        Guarded(PathOf(ResultsFileNames.Events), () =>
        {
            lock (_events)
            {
                _eventsFile.Flush(flushToDisk: true);
            }
        });
    }

    /// <summary>Everything recorded so far, read back from the files: what the summary is computed from.</summary>
    public RecordedRun Snapshot() => RunResultsReader.Read(Directory).Recorded;

    /// <summary>The median latency of the group's successful requests due in the last <paramref name="window"/>; null without any.</summary>
    public double? RecentMedianMs(string group, TimeSpan window)
    {
        var since = Now() - window.TotalSeconds;
        List<double> recent;
        lock (_lock)
        {
            recent = _recent.TryGetValue(group, out var queue) ? [.. queue.Where(r => r.TimeS >= since).Select(r => r.LatencyMs)] : [];
        }

        return recent.Count == 0 ? null : Summary.Percentiles.Of(recent, 0.5);
    }

    private void Append<T>(CsvRowAppender<T> file, T row) => Guarded(file.Path, () => file.Append(row));

    /// <summary>Runs one write unless the recording has stopped; a failure stops it, and is said once.</summary>
    private void Guarded(string path, Action write)
    {
        if (Failure is not null)
        {
            return;
        }

        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException or CsvHelper.WriterException)
        {
            var failure = IoErrors.Describe(path, e.InnerException ?? e);
            lock (_lock)
            {
                if (_failure is not null)
                {
                    return;
                }

                _failure = failure;
            }

            RecordingFailed?.Invoke(failure);
        }
    }

    private IEnumerable<ISyncedFile> Appenders() => [_requests, _probes, _migrations, _replications, _cpu, _links, _guestCalibration, _paths, _handovers, _tracks, _map];

    public void Dispose()
    {
        Checkpoint();
        foreach (var file in Appenders())
        {
            try
            {
                ((IDisposable)file).Dispose();
            }
            catch (IOException)
            {
                // Its last flush failed: the failure was said when the write did.
            }
        }

        lock (_events)
        {
            try
            {
                _events.Dispose();
            }
            catch (IOException)
            {
                // As above.
            }
        }
    }
}
