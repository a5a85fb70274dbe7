namespace Testbed.Results.Summary;

/// <summary>
/// Where a run sits in a sweep: the sweep's id, the point's number (from 1), the value of
/// every swept field at that point (as the file wrote it), and the repetition (from 1).
/// </summary>
public sealed record SweepMembership(string Id, int Point, IReadOnlyDictionary<string, string> Values, int Repetition);
