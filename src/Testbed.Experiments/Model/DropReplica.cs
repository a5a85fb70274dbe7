namespace Testbed.Experiments.Model;

/// <summary>A scripted removal of a service's replica from a data center.</summary>
public sealed record DropReplica(TimeSpan At, string Service, string DataCenter) : TimelineEvent(At);
