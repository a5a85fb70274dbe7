namespace Testbed.Control.Hosting;

/// <summary>
/// Places a grain on the silo of the host that owns its data center's namespaces, read
/// from the grain's key (<see cref="Contracts.Grains.VirtualMachineKey.DataCenterOf"/>):
/// a QEMU process or a smart router can only be driven from the machine it runs on.
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class DataCenterPlacementStrategy : PlacementStrategy
{
    internal static readonly DataCenterPlacementStrategy Instance = new();
}
