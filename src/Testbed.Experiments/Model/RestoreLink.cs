namespace Testbed.Experiments.Model;

/// <summary>A failed link comes back.</summary>
public sealed record RestoreLink(TimeSpan At, string A, string B) : TimelineEvent(At);
