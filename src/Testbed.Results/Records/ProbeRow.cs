namespace Testbed.Results.Records;

/// <summary>One UDP probe from a group's users at a site: when it was sent, and its round trip (null when no echo came).</summary>
public sealed record ProbeRow(double TimeS, string Group, string Site, long Sequence, double? RttMs);
