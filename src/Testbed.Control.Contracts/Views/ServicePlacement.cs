namespace Testbed.Control.Contracts;

/// <summary>Where a service runs: its primary copy, and replicas.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record ServicePlacement(string Service, string Primary, IReadOnlyList<string> Replicas);
