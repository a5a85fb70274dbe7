using Testbed.Control.Contracts.Grains;
using Testbed.Control.Tests.Fakes;
using Testbed.Workload.Clients;

namespace Testbed.Control.Tests.Grains;

/// <summary>A user group's grain over a faked testbed-client: what it tells the client, and what it learns back from the client's records.</summary>
public sealed class UserGroupGrainTests : IAsyncLifetime
{
    private readonly GrainsWithFakes _lab = new();

    private string Group => _lab.Experiment.UserGroups[0].Name;

    private string FirstSite => _lab.Experiment.UserGroups[0].Site;

    private string OtherSite => _lab.Experiment.Topology.UserSites.First(s => s.Name != FirstSite).Name;

    private IUserGroupGrain Grain => _lab.Grains.GetGrain<IUserGroupGrain>(Group);

    public Task InitializeAsync() => _lab.InitializeAsync();

    public Task DisposeAsync() => _lab.DisposeAsync();

    [Fact]
    public async Task The_client_is_started_as_the_experiment_says_in_its_site_s_namespace()
    {
        var spec = _lab.Experiment.UserGroups[0];

        await Grain.LaunchAsync();

        var options = _lab.Clients.Processes[Group].Options;
        Assert.Equal(new SiteLocation(spec.Site, _lab.Clients.SiteNamespace(spec.Site)), options.FirstSite);
        Assert.Equal((spec.Users, spec.RequestsPerSecondPerUser, _lab.Experiment.Seed, _lab.Experiment.Probe), (options.Users, options.RatePerUserPerSecond, options.Seed, options.ProbeProtocol));
        Assert.Equal(_lab.Guests.ServiceAddress(spec.Service), options.ServiceAddress.ToString());
    }

    [Fact]
    public async Task Users_a_move_takes_elsewhere_carry_the_group_s_demand_with_them()
    {
        var spec = _lab.Experiment.UserGroups[0];
        await Grain.LaunchAsync();
        await Grain.StartAsync();
        Assert.Equal(spec.Users * spec.RequestsPerSecondPerUser, (await Grain.GetDemandAsync()).RequestsPerSecondBySite[FirstSite]);

        await Grain.MoveAsync(OtherSite, 0);

        var demand = (await Grain.GetDemandAsync()).RequestsPerSecondBySite;
        Assert.False(demand.ContainsKey(FirstSite));
        Assert.Equal(spec.Users * spec.RequestsPerSecondPerUser, demand[OtherSite]);
        Assert.Equal(spec.Users, (await Grain.GetProgressAsync()).UsersBySite[OtherSite]);
        Assert.Equal(new MoveCommand(new SiteLocation(OtherSite, _lab.Clients.SiteNamespace(OtherSite)), TimeSpan.Zero),
            _lab.Clients.Processes[Group].Commands.OfType<MoveCommand>().Single());
        Assert.Contains("group-started", _lab.Records.Events);
    }

    [Fact]
    public async Task Scaling_down_leaves_only_the_users_that_remain_and_stop_ends_the_client()
    {
        await Grain.LaunchAsync();
        await Grain.StartAsync();

        await Grain.ScaleAsync(1);
        await Grain.StopAsync();

        Assert.Equal(1, (await Grain.GetProgressAsync()).UsersBySite.Values.Sum());
        Assert.True(_lab.Clients.Processes[Group].HasExited);
        Assert.IsType<StopCommand>(_lab.Clients.Processes[Group].Commands.Last());
    }

    [Fact]
    public async Task A_client_that_exits_at_start_fails_the_launch_with_what_it_said()
    {
        _lab.Clients.FailsAtStart = "--netns: expected an existing network namespace";

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => Grain.LaunchAsync());

        Assert.Contains("exited at start", failure.Message, StringComparison.Ordinal);
        Assert.Contains(_lab.Clients.FailsAtStart, failure.Message, StringComparison.Ordinal);
    }
}
