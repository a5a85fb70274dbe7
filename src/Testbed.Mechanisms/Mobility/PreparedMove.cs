using Testbed.Qemu.Host;

namespace Testbed.Mechanisms.Mobility;

/// <summary>
/// A mechanism's part in one migration: a step inside the pause (the switch-over hook),
/// a step once the destination runs, and the way back if the migration fails. Each step's
/// time is recorded.
/// </summary>
public abstract class PreparedMove
{
    private readonly List<MoveStep> _steps = [];

    /// <summary>What was done when, in order (wall clock, to compare with QEMU's events).</summary>
    public IReadOnlyList<MoveStep> Steps
    {
        get
        {
            lock (_steps)
            {
                return [.. _steps];
            }
        }
    }

    /// <summary>Runs while the VM is paused before switch-over; null when the mechanism has nothing to do there.</summary>
    public virtual Func<CancellationToken, Task>? Switchover => null;

    /// <summary>Runs once the destination has resumed; <paramref name="destination"/> is null when it runs on another lab machine.</summary>
    public virtual Task CompleteAsync(QemuVm? destination, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Undoes what was prepared, when the migration failed and the VM stays where it was.</summary>
    public virtual Task AbortAsync() => Task.CompletedTask;

    protected void Record(string step)
    {
        lock (_steps)
        {
            _steps.Add(new MoveStep(step, DateTimeOffset.UtcNow));
        }
    }
}
