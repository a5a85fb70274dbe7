using Testbed.Topology;

namespace Testbed.Control.Hosts;

/// <summary>This host's part of the emulated WAN, as the WAN and data-center grains change it. One per silo.</summary>
public interface IWanHost
{
    /// <summary>What the link between <paramref name="a"/> and <paramref name="b"/> is set to now; an ArgumentException when there is none.</summary>
    LinkProperties LinkSetting(string a, string b);

    Task SetLinkAsync(string a, string b, LinkProperties properties);

    Task SetLinkUpAsync(string a, string b, bool up);

    /// <summary>Takes every WAN link of the data center down, or brings them back.</summary>
    Task SetDataCenterLinksUpAsync(string dataCenter, bool up);
}
