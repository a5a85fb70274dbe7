namespace Testbed.Control.Contracts;

/// <summary>
/// One change of placement: migrate the primary to <see cref="DataCenter"/>, replicate it
/// there, or drop the replica there. <see cref="Reason"/> names who asked ("timeline", "policy").
/// <see cref="Migration"/>: a migrate event's own settings, over the service's.
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record PlacementStep(PlacementStepKind Kind, string Service, string DataCenter, string Reason, MigrationOptions? Migration = null);
