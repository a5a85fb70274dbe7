namespace Testbed.Control.Contracts;

[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record DataCenterStatus(string Name, bool Failed, IReadOnlyList<string> Services);
