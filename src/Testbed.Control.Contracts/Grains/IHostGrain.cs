namespace Testbed.Control.Contracts.Grains;

/// <summary>A lab machine of the cluster, keyed by its silo's name: it always runs there, and reads that machine's clock.</summary>
public interface IHostGrain : IGrainWithStringKey, IPlacedGrain
{
    Task<HostReading> ReadAsync();
}
