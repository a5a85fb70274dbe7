namespace Testbed.Results.Records;

/// <summary>
/// One live migration as QEMU and the testbed saw it. Times are seconds on the run's clock;
/// <see cref="ResumeS"/> is the destination's RESUME, from which the users' downtime and
/// convergence are measured. <see cref="Reason"/> says who asked for it: the timeline or the policy.
/// </summary>
public sealed record MigrationRow(
    string Vm,
    string From,
    string To,
    double StartS,
    double EndS,
    string Outcome,
    double? ResumeS,
    long? QemuTotalMs,
    long? QemuDowntimeMs,
    double? RestoreMs,
    double? SwitchoverMs,
    long? Bytes,
    string Reason,
    string? Error)
{
    public bool Succeeded => Outcome == "completed";
}
