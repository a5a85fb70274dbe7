namespace Testbed.Results.Records;

/// <summary>
/// One UDP probe from a group's users at a site: when it was due to leave, its round trip
/// from then (null when no echo came), and how late it left (the sender's part of that
/// round trip; null in runs recorded before it was).
/// </summary>
public sealed record ProbeRow(double TimeS, string Group, string Site, long Sequence, double? RttMs, double? SendLateMs);
