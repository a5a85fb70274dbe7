namespace Testbed.Experiments.Model;

/// <summary>A scripted replica of a service in another data center.</summary>
public sealed record ReplicateService(TimeSpan At, string Service, string To) : TimelineEvent(At);
