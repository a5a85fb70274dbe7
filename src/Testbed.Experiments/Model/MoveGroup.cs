namespace Testbed.Experiments.Model;

/// <summary>A group's users go to another site, at once or spread evenly over <see cref="Over"/>.</summary>
public sealed record MoveGroup(TimeSpan At, string Group, string To, TimeSpan Over) : TimelineEvent(At);
