using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Tests.Fakes;
using Testbed.Topology;

namespace Testbed.Control.Tests.Grains;

/// <summary>The timeline's link changes through the WAN grain, over a faked WAN that keeps only the settings.</summary>
public sealed class WanGrainTests : IAsyncLifetime
{
    private readonly GrainsWithFakes _lab = new();

    private IWanGrain Wan => _lab.Grains.GetGrain<IWanGrain>("run");

    private WanLink Link => _lab.Experiment.Topology.Links[^1];

    public Task InitializeAsync() => _lab.InitializeAsync();

    public Task DisposeAsync() => _lab.DisposeAsync();

    [Fact]
    public async Task A_change_sets_what_it_names_and_keeps_the_rest_of_the_link_as_it_was()
    {
        var before = _lab.Wan.LinkSetting(Link.A, Link.B);

        await Wan.ChangeLinkAsync(Link.B, Link.A, new LinkSettingChange(null, null, 2.5, 40, null));

        Assert.Equal(before with { LossPercent = 2.5, BandwidthMbps = 40 }, _lab.Wan.LinkSetting(Link.A, Link.B));
        Assert.Contains("link-changed", _lab.Records.Events);
    }

    [Fact]
    public async Task A_link_taken_down_and_brought_back_is_recorded_both_times()
    {
        await Wan.SetLinkUpAsync(Link.A, Link.B, false);
        Assert.False(_lab.Wan.LinksUp[FakeWanHost.Key(Link.A, Link.B)]);

        await Wan.SetLinkUpAsync(Link.A, Link.B, true);

        Assert.True(_lab.Wan.LinksUp[FakeWanHost.Key(Link.A, Link.B)]);
        Assert.Equal(["link-down", "link-up"], _lab.Records.Events);
    }

    [Fact]
    public async Task A_link_that_does_not_exist_is_refused_and_nothing_is_recorded()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Wan.ChangeLinkAsync("nowhere", Link.A, new LinkSettingChange(5, null, null, null, null)));

        Assert.Empty(_lab.Records.Events);
    }
}
