namespace Testbed.Experiments.Model;

/// <summary>The link between <see cref="A"/> and <see cref="B"/> goes down.</summary>
public sealed record FailLink(TimeSpan At, string A, string B) : TimelineEvent(At);
