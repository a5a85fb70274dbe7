namespace Testbed.Results.Summary;

/// <summary>How many requests were due during the timeline, how many did not get an answer, and why.</summary>
public sealed record RequestTotals(int Total, int Failed, IReadOnlyDictionary<string, int> ByOutcome, int BrokenConnections);
