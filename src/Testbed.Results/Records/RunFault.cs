namespace Testbed.Results.Records;

/// <summary>
/// A failure the experiment did not script: a router, guest, client or link emulator that
/// died, or a migration or replication that could not complete. <see cref="TimeS"/> is on the
/// run's clock (null before the timeline); <see cref="Recovery"/> says what the testbed did
/// to recover, when it could. Recorded as a "fault" event, and listed in summary.json.
/// </summary>
public sealed record RunFault(double? TimeS, string Component, string Cause, FaultEffect Effect, string? Recovery = null)
{
    /// <summary>The event kind of a fault in events.jsonl.</summary>
    public const string EventKind = "fault";
}
