namespace Testbed.Control.Contracts.Grains;

/// <summary>
/// One QEMU instance of a service in one data center, keyed "DATACENTER/SERVICE" (see
/// <see cref="VirtualMachineKey"/>), so that it is placed on the host that owns that data
/// center's namespaces. A migration is driven by the source's grain, which has the
/// destination's grain start an incoming QEMU first.
/// </summary>
public interface IVirtualMachineGrain : IGrainWithStringKey, IPlacedGrain
{
    /// <summary>Boots the service here and makes it reachable.</summary>
    Task BootAsync();

    /// <summary>
    /// Measures this copy's own turnaround from its host on the data center's LAN, UDP echoes
    /// and requests of <paramref name="requestBytes"/>, and records it (guest-calibration.csv).
    /// </summary>
    Task CalibrateAsync(int requestBytes);

    /// <summary>Starts an empty QEMU here that waits for a migration stream.</summary>
    Task PrepareIncomingAsync();

    /// <summary>
    /// For a migration from another lab machine: opens this host's firewall to the source's
    /// host, sets the stream's format and has the incoming QEMU listen on <paramref name="listenUri"/>.
    /// </summary>
    Task ListenForMigrationAsync(string source, IReadOnlyDictionary<string, bool> capabilities, int? multifdChannels, string listenUri);

    /// <summary>Waits for the incoming copy to resume once its source has sent everything.</summary>
    Task<MigrationResume> WaitForResumeAsync();

    /// <summary>
    /// Live-migrates this copy to <paramref name="dataCenter"/>, the routers switching while it
    /// is paused, with the service's migration settings and <paramref name="options"/> over them.
    /// </summary>
    Task<PlacementResult> MigrateToAsync(string dataCenter, string reason, MigrationOptions? options = null);

    /// <summary>Clones this running copy to <paramref name="dataCenter"/>; both copies then serve.</summary>
    Task<PlacementResult> ReplicateToAsync(string dataCenter, string reason);

    /// <summary>Stops this copy after taking it out of the routers' tables (a replica; never the last copy).</summary>
    Task<PlacementResult> DropAsync(string reason);

    /// <summary>Stops this QEMU without touching the routers: after a migration left it, or when one failed to arrive.</summary>
    Task StopAsync();

    Task<VirtualMachineStatus> GetStatusAsync();
}
