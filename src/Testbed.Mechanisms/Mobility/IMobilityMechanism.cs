using Testbed.Mechanisms.Guests;
using Testbed.Topology.Routing;

namespace Testbed.Mechanisms.Mobility;

/// <summary>
/// One mechanism set up on an emulated WAN: how a guest is addressed where it runs, how
/// users find it, and what the network does around a migration.
/// </summary>
public interface IMobilityMechanism : IAsyncDisposable
{
    MechanismKind Kind { get; }

    /// <summary>Where users look the service up; the address changes only under <see cref="MechanismKind.Readdress"/>.</summary>
    ServiceDirectory Directory { get; }

    /// <summary>The address and gateway the guest has while it runs in <paramref name="dataCenter"/>.</summary>
    GuestAddressing AddressingAt(GuestSpec guest, string dataCenter);

    /// <summary>Makes a guest that serves in <paramref name="dataCenter"/> reachable by users.</summary>
    Task PlaceAsync(GuestSpec guest, string dataCenter, CancellationToken cancellationToken = default);

    /// <summary>Everything the network does for one migration, made ready before the migration starts.</summary>
    Task<PreparedMove> PrepareMoveAsync(GuestSpec guest, string source, string destination, CancellationToken cancellationToken = default);

    /// <summary>The smart routers the mechanism runs, one per data center; null for a mechanism without them.</summary>
    OverlayRouters? SmartRouters => null;

    /// <summary>Whether users can be served by several running copies of one guest at once.</summary>
    bool SupportsReplicas => false;

    /// <summary>Makes a running clone of the guest in <paramref name="dataCenter"/> reachable too: each user reaches the nearest copy.</summary>
    Task AddReplicaAsync(GuestSpec guest, string dataCenter, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"the {Kind.Name()} mechanism cannot serve a guest from replicas; use overlay or home-tunnel");

    /// <summary>Stops sending users to the copy in <paramref name="dataCenter"/>; flows already there stay until they end.</summary>
    Task DropReplicaAsync(GuestSpec guest, string dataCenter, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"the {Kind.Name()} mechanism cannot serve a guest from replicas; use overlay or home-tunnel");
}
