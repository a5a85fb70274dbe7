namespace Testbed.Cli.Bench;

/// <summary>
/// One tool's round trips to the guest over the same seconds (ms): how many of those sent were
/// answered, their median and 99th percentile, the median less ping's (null for ping itself),
/// and for the testbed's probe the median of how late each left against its due time, which
/// its round trip counts (a user's late packet is late for the user too) and ping's does not.
/// </summary>
internal sealed record RoundTripToolRow(string Tool, int Sent, int Answered, double? P50Ms, double? P99Ms, double? P50LessPingMs, double? SendLateP50Ms);
