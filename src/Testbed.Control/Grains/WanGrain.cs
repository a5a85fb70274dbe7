using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Hosting;
using Testbed.Control.Hosts;
using Testbed.Results.Files;
using Testbed.Topology;

namespace Testbed.Control.Grains;

/// <summary>The timeline's link changes: each merged with the link's setting now, carried out by this silo's WAN, and recorded.</summary>
[CoordinatorPlacement]
public sealed class WanGrain(IWanHost wan, IRunRecords records) : Grain, IWanGrain
{
    public async Task ChangeLinkAsync(string a, string b, LinkSettingChange change)
    {
        var now = wan.LinkSetting(a, b);
        var next = now.Changed(change.DelayMs, change.JitterMs, change.LossPercent, change.BandwidthMbps, change.QueuePackets);
        await wan.SetLinkAsync(a, b, next);
        records.Event("link-changed", new { Link = $"{a}-{b}", next.DelayMs, next.JitterMs, next.LossPercent, next.BandwidthMbps, next.QueuePackets });
    }

    public async Task SetLinkUpAsync(string a, string b, bool up)
    {
        await wan.SetLinkUpAsync(a, b, up);
        records.Event(up ? "link-up" : "link-down", new { Link = $"{a}-{b}" });
    }
}
