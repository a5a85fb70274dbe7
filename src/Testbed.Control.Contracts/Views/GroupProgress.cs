namespace Testbed.Control.Contracts;

/// <summary>A user group now: where its users are, and the median response time of its last few seconds.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record GroupProgress(string Name, IReadOnlyDictionary<string, int> UsersBySite, double? RecentP50Ms, int Requests, int Failed);
