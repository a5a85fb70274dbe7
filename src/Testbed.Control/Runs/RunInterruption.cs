namespace Testbed.Control.Runs;

/// <summary>
/// How a run's owner asks it to stop, and why. Asked once, the run stops its timeline,
/// lets events in flight (a migration, say) finish, tears down and writes its summary; asked
/// again, it stops waiting for them and tears down at once. The owner decides what asks
/// (`testbed run`: SIGINT and SIGTERM).
/// </summary>
public sealed class RunInterruption : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _hurry = new();
    private string? _reason;

    /// <summary>Cancelled at the first request.</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>Cancelled at the second.</summary>
    public CancellationToken Hurrying => _hurry.Token;

    /// <summary>Why the first request came; null until it has.</summary>
    public string? Reason => Volatile.Read(ref _reason);

    /// <summary>The first call stops the run, the second hurries its teardown; false for a third, which nothing here will answer.</summary>
    public bool Request(string reason)
    {
        if (Interlocked.CompareExchange(ref _reason, reason, null) is null)
        {
            _stop.Cancel();
            return true;
        }

        if (!_hurry.IsCancellationRequested)
        {
            _hurry.Cancel();
            return true;
        }

        return false;
    }

    public void Dispose()
    {
        _stop.Dispose();
        _hurry.Dispose();
    }
}
