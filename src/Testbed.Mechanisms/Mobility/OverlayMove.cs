using Testbed.Overlay.Control;

namespace Testbed.Mechanisms.Mobility;

/// <summary>The smart routers' part: prepared on every router before the migration, committed on every router inside the pause.</summary>
public sealed class OverlayMove : PreparedMove
{
    private readonly TwoPhaseSwitchover _switchover;
    private readonly Action _restore;

    internal OverlayMove(TwoPhaseSwitchover switchover, Action restore)
    {
        _switchover = switchover;
        _restore = restore;
        Record("prepared");
    }

    /// <summary>When each router acknowledged, and how long prepare and commit took.</summary>
    public SwitchoverTimes Times => _switchover.Times;

    public override Func<CancellationToken, Task> Switchover => async cancellationToken =>
    {
        await _switchover.CommitAsync(cancellationToken);
        Record("committed");
    };

    public override async Task AbortAsync()
    {
        await _switchover.AbortAsync();
        _restore();
        Record("aborted");
    }
}
