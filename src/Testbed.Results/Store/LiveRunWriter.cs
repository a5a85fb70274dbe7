using Testbed.Results.Files;
using Testbed.Results.Reading;
using Testbed.Results.Records;

namespace Testbed.Results.Store;

/// <summary>
/// Writes a run to the results database while it goes, once a second, so that Grafana shows
/// it as it happens: the run's row as soon as it has started (without a summary, so that the
/// import of the finished run replaces it whole), then each new line of events.jsonl,
/// requests.csv and probes.csv, read from where the last write stopped. Only the new bytes are
/// read: a long run costs no more a second than a short one. The files stay the record; a
/// database that fails is said once (<see cref="Failure"/>) and not tried again.
/// </summary>
public sealed class LiveRunWriter : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly ResultsStore _store;
    private readonly string _directory;
    private readonly FileTail _events;
    private readonly FileTail _requests;
    private readonly FileTail _probes;
    private readonly List<EventRow> _unwritten = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private string? _runId;
    private DateTimeOffset? _zero;
    private int _eventRows;
    private int _requestRows;
    private int _probeRows;

    private LiveRunWriter(ResultsStore store, string directory)
    {
        _store = store;
        _directory = directory;
        _events = new FileTail(Path.Combine(directory, ResultsFileNames.Events), header: false);
        _requests = new FileTail(Path.Combine(directory, ResultsFileNames.Requests), header: true);
        _probes = new FileTail(Path.Combine(directory, ResultsFileNames.Probes), header: true);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Why live writing stopped; null while it works.</summary>
    public string? Failure { get; private set; }

    /// <summary>Opens the database (migrating its schema) and starts writing the run in <paramref name="directory"/> every <see cref="Interval"/>.</summary>
    public static async Task<LiveRunWriter> StartAsync(ResultsDatabaseLocation location, string directory, CancellationToken cancellationToken) =>
        new(await ResultsStore.OpenAsync(location, cancellationToken), directory);

    private async Task LoopAsync()
    {
        // A timer that sleeps between ticks: nothing spins while the guests run.
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (Failure is null && await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await WriteNewAsync(_stop.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Failure = $"{_store.Location}: {e.Message.ReplaceLineEndings(" ")}";
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Writes what the files gained since the last call; the loop calls it every second.</summary>
    private async Task WriteNewAsync(CancellationToken cancellationToken)
    {
        _unwritten.AddRange(_events.NewLines().Select(RunResultsReader.ParseEvent));
        _zero ??= RunTableRows.ZeroOf(_unwritten);
        if (_runId is null)
        {
            // The run's row needs its id and start, which its first event gives.
            if (_unwritten.FirstOrDefault(e => e.Kind == "run-started")?.Text("run_id") is not { } runId)
            {
                return;
            }

            var empty = new RecordedRun([], [], [], [], []);
            await _store.ImportAsync(new RunResults(_directory, null, empty, [.. _unwritten], []) { KnownRunId = runId }, cancellationToken);
            (_runId, _eventRows) = (runId, _unwritten.Count);
            _unwritten.Clear();
        }

        var requests = RunResultsReader.ParseCsv(_requests.NewText(), RequestRowMap.Instance, _requests.Path);
        var probes = RunResultsReader.ParseCsv(_probes.NewText(), ProbeRowMap.Instance, _probes.Path);
        await _store.AppendAsync(
        [
            RunTableRows.Events(_runId, _unwritten, _eventRows),
            RunTableRows.Requests(_runId, requests, _zero, _requestRows),
            RunTableRows.Probes(_runId, probes, _zero, _probeRows),
        ], cancellationToken);
        _eventRows += _unwritten.Count;
        _requestRows += requests.Count;
        _probeRows += probes.Count;
        _unwritten.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        await _store.DisposeAsync();
    }
}
