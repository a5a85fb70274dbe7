namespace Testbed.Experiments.Model;

/// <summary>The link between <see cref="A"/> and <see cref="B"/> changes its properties.</summary>
public sealed record SetLink(TimeSpan At, string A, string B, LinkChange Change) : TimelineEvent(At);
