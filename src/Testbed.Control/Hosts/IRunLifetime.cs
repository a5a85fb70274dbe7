namespace Testbed.Control.Hosts;

/// <summary>The run as a whole, as the grains wait on it and stop it.</summary>
public interface IRunLifetime
{
    /// <summary>Cancelled when the run is aborted: every long wait of the run watches it.</summary>
    CancellationToken Stopping { get; }

    /// <summary>Why the run was stopped early; null while it has not been.</summary>
    string? AbortReason { get; }

    /// <summary>Stops the run early: <see cref="Stopping"/> is cancelled, and the first reason given is kept.</summary>
    void Abort(string reason);

    /// <summary>Cancelled when, after an abort, the teardown is hurried: nothing waits any longer for events still in flight.</summary>
    CancellationToken Hurrying { get; }

    void Hurry();
}
