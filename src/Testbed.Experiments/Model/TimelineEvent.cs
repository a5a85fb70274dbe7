namespace Testbed.Experiments.Model;

/// <summary>Something that happens at <see cref="At"/> after the timeline starts.</summary>
public abstract record TimelineEvent(TimeSpan At);
