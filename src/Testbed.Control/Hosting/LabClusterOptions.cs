namespace Testbed.Control.Hosting;

/// <summary>
/// Which silo (by name) runs on the host owning each data center's namespaces. Every
/// silo of a cluster gets the same map. Empty, the default of a one-machine lab, means
/// every data center is local to whichever silo activates its grains.
/// </summary>
public sealed class LabClusterOptions
{
    public Dictionary<string, string> DataCenterSilos { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The silo of the coordinator, where a run's experiment, policy, user groups and WAN grains run; null: whichever silo activates them, as on one machine.</summary>
    public string? Coordinator { get; set; }
}
