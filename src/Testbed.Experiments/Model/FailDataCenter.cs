namespace Testbed.Experiments.Model;

/// <summary>A data center goes dark: its router and its VMs stop answering.</summary>
public sealed record FailDataCenter(TimeSpan At, string DataCenter) : TimelineEvent(At);
