using Testbed.Mechanisms.Guests;

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
}
