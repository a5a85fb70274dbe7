using Testbed.Workload.Records;

namespace Testbed.Results.Records;

/// <summary>
/// One live migration as QEMU and the testbed saw it. Times are seconds on the run's clock;
/// <see cref="ResumeS"/> is the destination's RESUME, from which the users' downtime and
/// convergence are measured. <see cref="Reason"/> says who asked for it: the timeline or the policy.
/// </summary>
/// <remarks>
/// The downtime's parts, in the order they happen: <see cref="StopS"/> is the source's STOP;
/// <see cref="SourcePauseMs"/> runs from there to the source's completion (QEMU's own
/// downtime measures about the same span); <see cref="RestoreMs"/> from the completion to
/// RESUME, split into <see cref="InFlightMs"/> (until the stream's last byte reached the
/// destination host) and <see cref="LoadMs"/> (from that byte to RESUME).
/// <see cref="PathReadyMs"/> and <see cref="GuestFirstFrameMs"/> are instants from RESUME at
/// the destination's tap: the first frame the network delivered to the guest after the
/// STOP (negative when the path was ready before the guest ran), and the resumed guest's
/// first frame. The next four say what buffers the stream ran through; <see cref="Settings"/>
/// the migration settings QEMU really used, read back from it.
/// </remarks>
public sealed record MigrationRow(
    string Vm,
    string From,
    string To,
    double StartS,
    double EndS,
    MigrationOutcome Outcome,
    double? ResumeS,
    long? QemuTotalMs,
    long? QemuDowntimeMs,
    double? RestoreMs,
    double? SwitchoverMs,
    long? Bytes,
    string Reason,
    string? Error,
    double? StopS = null,
    double? InFlightMs = null,
    double? LoadMs = null,
    double? PathReadyMs = null,
    double? GuestFirstFrameMs = null,
    long? SendBufferBytes = null,
    long? UnsentLimitBytes = null,
    long? ReceiveBufferBytes = null,
    int? PathQueuePackets = null,
    string? Settings = null)
{
    public bool Succeeded => Outcome == MigrationOutcome.Completed;

    /// <summary>A migration that ended before QEMU began to move anything: only its ends, outcome and reason are known.</summary>
    public static MigrationRow NotStarted(string vm, string from, string to, double startS, double endS, MigrationOutcome outcome, string reason, string error) =>
        new(vm, from, to, startS, endS, outcome, null, null, null, null, null, null, reason, error);

    /// <summary>From the source's STOP to its completion, in ms; null without both.</summary>
    public double? SourcePauseMs => ResumeS is { } resume && StopS is { } stop && RestoreMs is { } restore
        ? Math.Round(((resume - stop) * 1000) - restore, 3)
        : null;
}
