namespace Testbed.Control.Contracts;

/// <summary>What a host says of itself when asked: whose silo answered, and its clock at that instant (UTC ticks).</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record HostReading(string SiloName, string MachineName, int ProcessId, int Cores, long UtcTicks);
