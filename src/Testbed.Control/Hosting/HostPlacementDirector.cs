using Orleans.Runtime.Placement;

namespace Testbed.Control.Hosting;

/// <summary>Chooses the active silo named as the grain's key; a host that is not an active member is an error that names it.</summary>
public sealed class HostPlacementDirector(IClusterMembershipService membership) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var host = target.GrainIdentity.Key.ToString() ?? "";
        var compatible = context.GetCompatibleSilos(target);
        return membership.Active(host, compatible) is { } owner
            ? Task.FromResult(owner)
            : throw new InvalidOperationException($"host {host} is not an active member of the cluster (members: {membership.Describe()})");
    }
}
