namespace Testbed.Control.Contracts;

/// <summary>Requests per second a group sent to its service from each site, measured over a recent window.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record GroupDemand(string Group, string Service, IReadOnlyDictionary<string, double> RequestsPerSecondBySite);
