using Orleans.Concurrency;

namespace Testbed.Control.Contracts.Grains;

/// <summary>
/// The run's placement policy, keyed by run id: every check interval it reads the groups'
/// demand and decides to migrate, replicate or drop (follow-users, replicate-on-demand).
/// </summary>
public interface IPlacementPolicyGrain : IGrainWithStringKey
{
    Task StartAsync();

    Task StopAsync();

    /// <summary>Where each service's copies are now, as the policy sees them; answered even while a migration is under way.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<ServicePlacement>> GetPlacementsAsync();

    /// <summary>Carries out a placement step the timeline asked for, in turn with the policy's own.</summary>
    Task<PlacementResult> ApplyAsync(PlacementStep change);

    /// <summary>
    /// Reads the groups' demand now and carries out what the policy decides; the grain's timer
    /// calls it every check interval under follow-users and replicate-on-demand.
    /// </summary>
    Task CheckAsync();
}
