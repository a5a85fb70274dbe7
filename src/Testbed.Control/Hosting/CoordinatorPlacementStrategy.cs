namespace Testbed.Control.Hosting;

/// <summary>
/// Places a grain on the coordinator's silo: the run's own grains (experiment, policy, user
/// groups, WAN), which drive the clients and the stages from the machine that assembles the
/// results. On one machine, the local silo.
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class CoordinatorPlacementStrategy : PlacementStrategy
{
    internal static readonly CoordinatorPlacementStrategy Instance = new();
}
