namespace Testbed.Results.Summary;

/// <summary>How a run went, as summary.json and the exit code say it.</summary>
public enum RunStatus
{
    /// <summary>Played to its end with no unscripted failure, its links within their calibration.</summary>
    Completed,

    /// <summary>Played to its end, but something failed on the way (see the faults), or the emulated links were off-spec: its figures include that.</summary>
    Degraded,

    /// <summary>Ended early by a failure.</summary>
    Failed,

    /// <summary>Ended early by a signal (Ctrl-C, SIGTERM).</summary>
    Interrupted,
}
