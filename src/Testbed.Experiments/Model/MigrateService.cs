namespace Testbed.Experiments.Model;

/// <summary>A scripted live migration of a service's VM to another data center.</summary>
public sealed record MigrateService(TimeSpan At, string Service, string To) : TimelineEvent(At);
