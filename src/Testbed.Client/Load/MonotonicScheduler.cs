using Testbed.Client.Output;
using Testbed.Workload.Timing;

namespace Testbed.Client.Load;

/// <summary>
/// Runs actions at instants of the monotonic clock, on one thread of its own that waits for
/// each with a <see cref="PreciseTimer"/>: arrivals and moves happen when they are due, not
/// when an earlier request was answered. An action that falls due while another runs runs
/// late, but gets its due time, so latency still counts from the plan.
/// </summary>
internal sealed class MonotonicScheduler : IDisposable
{
    private readonly PriorityQueue<Action<long>, long> _due = new();
    private readonly Lock _lock = new();
    private readonly PreciseTimer _timer = new();
    private readonly Thread _thread;
    private volatile bool _stopping;

    public MonotonicScheduler()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "arrivals" };
    }

    public void Start() => _thread.Start();

    /// <summary>Runs <paramref name="action"/> with its due time once the clock reaches <paramref name="timestamp"/>; from any thread.</summary>
    public void At(long timestamp, Action<long> action)
    {
        bool earliest;
        lock (_lock)
        {
            earliest = !_due.TryPeek(out _, out var head) || timestamp < head;
            _due.Enqueue(action, timestamp);
        }

        // The thread may be asleep until a later instant: it has to look again.
        if (earliest)
        {
            _timer.Interrupt();
        }
    }

    /// <summary>Runs nothing more; actions not yet due are dropped.</summary>
    public void Stop()
    {
        _stopping = true;
        _timer.Interrupt();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }
    }

    public void Dispose()
    {
        Stop();
        _timer.Dispose();
    }

    private void Run()
    {
        PreciseTimer.TuneCallingThread();
        while (!_stopping)
        {
            long due;
            lock (_lock)
            {
                if (!_due.TryPeek(out _, out due))
                {
                    due = long.MaxValue;
                }
            }

            if (due == long.MaxValue)
            {
                _timer.WaitUntil(long.MaxValue);
                continue;
            }

            if (!_timer.WaitUntil(due) || _stopping)
            {
                continue;
            }

            Action<long> action;
            lock (_lock)
            {
                // Whatever is first now is due: anything queued meanwhile was earlier still.
                _due.TryDequeue(out action!, out due);
            }

            try
            {
                action(due);
            }
            catch (Exception e)
            {
                // A bug in one action must not end every user's arrivals.
                ClientLog.Warn($"an arrival or move failed: {e}");
            }
        }
    }
}
