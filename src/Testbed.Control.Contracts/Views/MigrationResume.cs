namespace Testbed.Control.Contracts;

/// <summary>When an incoming copy resumed, in UTC ticks of the coordinator's clock, or why it did not.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record MigrationResume(long? CoordinatorUtcTicks, string? Error);
