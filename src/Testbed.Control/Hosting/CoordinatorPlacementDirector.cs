using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;

namespace Testbed.Control.Hosting;

/// <summary>Chooses the coordinator's silo named in <see cref="LabClusterOptions"/>, or the local one when none is named.</summary>
public sealed class CoordinatorPlacementDirector(IOptions<LabClusterOptions> options, IClusterMembershipService membership) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        if (options.Value.Coordinator is not { } coordinator)
        {
            return Task.FromResult(compatible.Contains(context.LocalSilo) ? context.LocalSilo : compatible[0]);
        }

        return membership.Active(coordinator, compatible) is { } owner
            ? Task.FromResult(owner)
            : throw new InvalidOperationException($"the coordinator's silo '{coordinator}' is not an active member of the run's cluster (members: {membership.Describe()})");
    }
}
