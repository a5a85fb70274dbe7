using Testbed.Overlay.Control;

namespace Testbed.Mechanisms.Mobility;

/// <summary>
/// The smart routers' part: prepared on every router before the migration, committed on
/// every router inside the pause. Aborted before the commit, the prepared entry is forgotten;
/// aborted once the commit began (the destination died before it resumed, say), some routers
/// may already send users to the destination, so every router is given the source back as a
/// new entry, under a newer epoch than the commit's.
/// </summary>
public sealed class OverlayMove : PreparedMove
{
    private readonly TwoPhaseSwitchover _switchover;
    private readonly Action _forget;
    private readonly Func<Task> _restore;
    private int _commitStarted;

    /// <param name="forget">Makes the mechanism's own table hold the entry from before the move again.</param>
    /// <param name="restore">Gives every router the entry from before the move under a newer epoch, after a commit.</param>
    internal OverlayMove(TwoPhaseSwitchover switchover, Action forget, Func<Task> restore)
    {
        _switchover = switchover;
        _forget = forget;
        _restore = restore;
        Record("prepared");
    }

    /// <summary>When each router acknowledged, and how long prepare and commit took.</summary>
    public SwitchoverTimes Times => _switchover.Times;

    public override Func<CancellationToken, Task> Switchover => async cancellationToken =>
    {
        Interlocked.Exchange(ref _commitStarted, 1);
        await _switchover.CommitAsync(cancellationToken);
        Record("committed");
    };

    public override async Task AbortAsync()
    {
        if (Volatile.Read(ref _commitStarted) == 0)
        {
            await _switchover.AbortAsync();
            _forget();
            Record("aborted");
            return;
        }

        await _restore();
        Record("rolled-back");
    }
}
