namespace Testbed.Control.Contracts;

/// <summary>One QEMU instance: "none", "incoming", "running" or "stopped", and its process id while it has one.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record VirtualMachineStatus(string Service, string DataCenter, string State, int? Pid);
