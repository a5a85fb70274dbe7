namespace Testbed.Control.Contracts;

/// <summary>A smart router's table (service → data centers, with the epoch) and how many flows it tracks.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record RouterStatus(string DataCenter, IReadOnlyDictionary<string, string> Table, int Flows);
