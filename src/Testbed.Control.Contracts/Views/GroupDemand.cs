namespace Testbed.Control.Contracts;

/// <summary>Requests per second a group sent to its service from each site, as its users there offer it.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record GroupDemand(string Group, string Service, IReadOnlyDictionary<string, double> RequestsPerSecondBySite);
