namespace Testbed.Experiments.Model;

/// <summary>A group grows or shrinks to <see cref="Users"/> users.</summary>
public sealed record ScaleGroup(TimeSpan At, string Group, int Users) : TimelineEvent(At);
