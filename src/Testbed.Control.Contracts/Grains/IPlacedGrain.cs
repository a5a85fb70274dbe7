namespace Testbed.Control.Contracts.Grains;

/// <summary>A grain that must run on the host owning its data center's namespaces; it can say where it runs.</summary>
public interface IPlacedGrain
{
    /// <summary>The name of the silo this activation runs on.</summary>
    Task<string> GetSiloNameAsync();
}
