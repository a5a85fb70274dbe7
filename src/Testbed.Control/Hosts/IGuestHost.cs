using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Results.Records;

namespace Testbed.Control.Hosts;

/// <summary>
/// This host's part of the run's guests: the QEMU processes of the services in the data
/// centers this silo holds, and what reaching and moving them takes (the mechanism's tables,
/// QEMU's migration). The virtual-machine grains decide what happens and record it; this
/// does it. One per silo, registered in its container; a fake stands in for it in tests.
/// </summary>
public interface IGuestHost
{
    /// <summary>The run's mechanism, by name; whether it can serve a service from several copies.</summary>
    string MechanismName { get; }

    bool SupportsReplicas { get; }

    /// <summary>Whether the run is being stopped: a step that fails now was cancelled, not failed.</summary>
    bool Stopping { get; }

    /// <summary>The address users look the service up as, now.</summary>
    string ServiceAddress(string service);

    /// <summary>The address the copy in <paramref name="dataCenter"/> has there.</summary>
    string AddressAt(string service, string dataCenter);

    /// <summary>The QEMU process of the copy, or null when none runs.</summary>
    int? ProcessId(string service, string dataCenter);

    /// <summary>Boots the service in the data center, serving, and makes it reachable there.</summary>
    Task BootAsync(string service, string dataCenter);

    /// <summary>Starts an empty QEMU for the service that waits for a migration stream.</summary>
    Task PrepareIncomingAsync(string service, string dataCenter);

    /// <summary>The incoming QEMU of a migration from another lab machine listens (see <see cref="IVirtualMachineGrain.ListenForMigrationAsync"/>).</summary>
    Task ListenForMigrationAsync(string service, string dataCenter, string source, IReadOnlyDictionary<string, bool> capabilities, int? multifdChannels, string listenUri);

    /// <summary>When that incoming QEMU resumed, on the coordinator's clock, or why it did not.</summary>
    Task<MigrationResume> MigrationResumedAsync(string service, string dataCenter);

    /// <summary>The copy's own turnaround from its host on the data center's LAN: ICMP, UDP echoes, requests.</summary>
    Task<IReadOnlyList<GuestCalibrationRow>> CalibrateAsync(string service, string dataCenter, int requestBytes);

    /// <summary>
    /// Live-migrates the copy from <paramref name="source"/> into the incoming QEMU at
    /// <paramref name="destination"/>, the routers switching while it is paused; the row says how it went
    /// (on the run's clock, from <paramref name="startedS"/>). Neither copy is stopped here.
    /// </summary>
    Task<MigrationRow> MigrateAsync(string service, string source, string destination, string reason, MigrationOptions? options, double startedS);

    /// <summary>Clones the running copy into the incoming QEMU at <paramref name="destination"/>; once cloned, the copy answers as itself and serves.</summary>
    Task<ReplicationRow> ReplicateAsync(string service, string source, string destination, string reason, double startedS);

    /// <summary>Takes the copy out of the routers' tables; it still runs.</summary>
    Task WithdrawReplicaAsync(string service, string dataCenter);

    /// <summary>Stops the copy's QEMU and removes its tap; nothing when none runs.</summary>
    Task StopAsync(string service, string dataCenter);
}
