using Testbed.Workload.Records;

namespace Testbed.Results.Records;

/// <summary>
/// One request a user sent: when it was due (seconds on the run's clock), how long its
/// answer took from then, how it ended, and how late its first packet left the client (the
/// client's part of the latency; null when it never left, or in runs recorded before it was).
/// </summary>
public sealed record RequestRow(double TimeS, string Group, int User, string Site, double? LatencyMs, RequestOutcome Outcome, string? ServedBy, double? SendLateMs = null)
{
    public bool Succeeded => Outcome == RequestOutcome.Ok;
}
