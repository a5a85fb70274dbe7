namespace Testbed.Control.Hosts;

/// <summary>This host's part of the emulated WAN, as the data-center grains change it. One per silo.</summary>
public interface IWanHost
{
    /// <summary>Takes every WAN link of the data center down, or brings them back.</summary>
    Task SetDataCenterLinksUpAsync(string dataCenter, bool up);
}
