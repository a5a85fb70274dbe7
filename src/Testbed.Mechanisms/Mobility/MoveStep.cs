namespace Testbed.Mechanisms.Mobility;

/// <summary>One step of a mechanism's part in a migration, and when it ended.</summary>
public sealed record MoveStep(string Step, DateTimeOffset At);
