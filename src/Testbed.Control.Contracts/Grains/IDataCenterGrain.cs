namespace Testbed.Control.Contracts.Grains;

/// <summary>One data center, keyed by its name: which VMs run there, and whether it has failed.</summary>
public interface IDataCenterGrain : IGrainWithStringKey, IPlacedGrain
{
    Task<DataCenterStatus> GetStatusAsync();

    /// <summary>Records that a copy of <paramref name="service"/> now runs here, or no longer does.</summary>
    Task SetHostingAsync(string service, bool hosting);

    /// <summary>Cuts every WAN link of the data center: its VMs keep running but no one reaches them.</summary>
    Task FailAsync();

    Task RestoreAsync();
}
