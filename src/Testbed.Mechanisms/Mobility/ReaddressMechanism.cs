using Testbed.Mechanisms.Guests;
using Testbed.Network.Wan;
using Testbed.Topology.Addressing;
using Testbed.Topology.Routing;

namespace Testbed.Mechanisms.Mobility;

/// <summary>
/// No mobility support in the network: the VM takes an address of the data center it runs
/// in, on that data center's LAN, behind its router. After a migration the hypervisor tells
/// the guest its new address over the agent channel and updates the directory; clients
/// learn the address when their cached answer expires, and connections to the old one break.
/// </summary>
public sealed class ReaddressMechanism(WanNetwork wan, ServiceDirectory directory) : IMobilityMechanism
{
    /// <summary>Guests take addresses from here on in a data center's LAN, clear of the router (.1) and the hosts (.11 on).</summary>
    public const int FirstGuestOffset = 100;

    public MechanismKind Kind => MechanismKind.Readdress;

    public ServiceDirectory Directory { get; } = directory;

    /// <summary>The data center LAN's address at the guest's own offset in the service block: guest .2 is .102 in every data center.</summary>
    public GuestAddressing AddressingAt(GuestSpec guest, string dataCenter)
    {
        var lan = wan.Plan.DataCenter(dataCenter);
        var offset = Ipv4.ToNumber(guest.Address) - Ipv4.ToNumber(wan.Plan.Blocks.Services.BaseAddress);
        var hostCount = 1L << (32 - lan.Infrastructure.PrefixLength);
        if (FirstGuestOffset + offset >= hostCount - 1)
        {
            throw new InvalidOperationException($"{guest.Name}'s address {guest.Address} has no place on {dataCenter}'s LAN {lan.Infrastructure} under readdress");
        }

        return new GuestAddressing(Ipv4.Address(lan.Infrastructure, FirstGuestOffset + offset), lan.Infrastructure.PrefixLength, lan.Router);
    }

    public Task PlaceAsync(GuestSpec guest, string dataCenter, CancellationToken cancellationToken = default)
    {
        Directory.Publish(guest.Name, AddressingAt(guest, dataCenter).Address);
        return Task.CompletedTask;
    }

    public Task<PreparedMove> PrepareMoveAsync(GuestSpec guest, string source, string destination, CancellationToken cancellationToken = default) =>
        Task.FromResult<PreparedMove>(new ReaddressMove(guest, AddressingAt(guest, destination), Directory));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
