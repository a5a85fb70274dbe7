namespace Testbed.Control.Hosting;

/// <summary>Places a grain on the silo whose name is the grain's key: the one grain of each lab machine.</summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class HostPlacementStrategy : PlacementStrategy
{
    internal static readonly HostPlacementStrategy Instance = new();
}
