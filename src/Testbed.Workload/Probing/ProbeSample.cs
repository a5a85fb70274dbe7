namespace Testbed.Workload.Probing;

/// <summary>One probe: when it was sent, and when its echo came back (null if it never did).</summary>
public readonly record struct ProbeSample(ulong Sequence, DateTimeOffset SentAt, DateTimeOffset? AnsweredAt);
