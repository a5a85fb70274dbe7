using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Tests.Fakes;
using Testbed.Experiments.Model;

namespace Testbed.Control.Tests.Grains;

/// <summary>
/// The policies deciding on the demand the user-group grains measure, over faked guests and
/// clients: a check is called directly, so no test waits for the policy's timer.
/// </summary>
public sealed class PolicyDecisionTests
{
    /// <summary>Long enough that the grain's own timer never fires during a test.</summary>
    private static readonly TimeSpan NoTimer = TimeSpan.FromHours(1);

    [Fact]
    public async Task Follow_users_moves_the_service_to_the_data_center_nearest_its_users()
    {
        await using var lab = await StartedAsync(new PolicySpec(PolicyKind.FollowUsers, NoTimer));
        var policy = lab.Grains.GetGrain<IPlacementPolicyGrain>("run");

        await policy.CheckAsync();

        Assert.Equal("dc2", Assert.Single(await policy.GetPlacementsAsync()).Primary);
        Assert.Equal(["app@dc2"], lab.Guests.Running);
        Assert.Contains("policy-decision", lab.Records.Events);
    }

    [Fact]
    public async Task Follow_users_stays_put_when_the_users_are_already_nearest_the_service()
    {
        await using var lab = await StartedAsync(new PolicySpec(PolicyKind.FollowUsers, NoTimer));
        await lab.Grains.GetGrain<IUserGroupGrain>("users").MoveAsync("near1", 0);
        var policy = lab.Grains.GetGrain<IPlacementPolicyGrain>("run");

        await policy.CheckAsync();

        Assert.Equal("dc1", Assert.Single(await policy.GetPlacementsAsync()).Primary);
        Assert.Empty(lab.Records.Migrations);
    }

    [Fact]
    public async Task Replicate_on_demand_clones_the_service_where_demand_passes_its_threshold()
    {
        // Two users at 10 requests/s each: 20/s from near2, over a threshold of 15.
        await using var lab = await StartedAsync(new PolicySpec(PolicyKind.ReplicateOnDemand, NoTimer, ReplicateAbovePerSecond: 15, DropBelowPerSecond: 5));
        var policy = lab.Grains.GetGrain<IPlacementPolicyGrain>("run");

        await policy.CheckAsync();

        Assert.Equal(["dc2"], Assert.Single(await policy.GetPlacementsAsync()).Replicas);
        Assert.Equal(new HashSet<string> { "app@dc1", "app@dc2" }, lab.Guests.Running);
    }

    private static async Task<GrainsWithFakes> StartedAsync(PolicySpec policy)
    {
        var lab = new GrainsWithFakes(e => e with { Policy = policy });
        try
        {
            await lab.InitializeAsync();
            await lab.Grains.GetGrain<IVirtualMachineGrain>(VirtualMachineKey.Of("dc1", "app")).BootAsync();
            var users = lab.Grains.GetGrain<IUserGroupGrain>("users");
            await users.LaunchAsync();
            await users.StartAsync();
            await lab.Grains.GetGrain<IPlacementPolicyGrain>("run").StartAsync();
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }
}
