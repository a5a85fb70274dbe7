namespace Testbed.Experiments.Model;

/// <summary>A scripted live migration of a service's VM to another data center; <see cref="Migration"/> overrides the service's settings for this one.</summary>
public sealed record MigrateService(TimeSpan At, string Service, string To, MigrationSpec? Migration = null) : TimelineEvent(At);
