namespace Testbed.Control.Contracts;

/// <summary>One file of a host's part of a run, by its name in the run's directory, for the coordinator to assemble.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record RunFile(string Name, byte[] Content);
