using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;
using Testbed.Control.Contracts.Grains;

namespace Testbed.Control.Hosting;

/// <summary>Chooses the silo named for the grain's data center in <see cref="LabClusterOptions"/>, or the local one.</summary>
public sealed class DataCenterPlacementDirector(IOptions<LabClusterOptions> options, IClusterMembershipService membership) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        var dataCenter = VirtualMachineKey.DataCenterOf(target.GrainIdentity.Key.ToString() ?? "");
        if (!options.Value.DataCenterSilos.TryGetValue(dataCenter, out var siloName))
        {
            return Task.FromResult(compatible.Contains(context.LocalSilo) ? context.LocalSilo : compatible[0]);
        }

        return membership.Active(siloName, compatible) is { } owner
            ? Task.FromResult(owner)
            : throw new InvalidOperationException(
                $"data center {dataCenter} belongs to silo '{siloName}', which is not an active member of the cluster (members: {membership.Describe()})");
    }
}
