using System.Globalization;
using System.Net;
using Testbed.Lab.Linux;
using Testbed.Lab.Runs;

namespace Testbed.Network.Wan;

/// <summary>
/// The kernel's VXLAN between two lab machines, for one cut WAN link: made in the host's own
/// namespace, where its UDP socket stays, and moved into the namespace that holds the link's
/// end, where it is named as the link's port. It carries the link's frames whole (an
/// Ethernet frame in UDP), so the two ends see one link; it adds 50 bytes a frame, which the
/// hosts' network must carry on top of the WAN's <see cref="WanNetwork.UnderlayMtu"/>.
/// </summary>
public static class HostTunnel
{
    /// <summary>IANA's VXLAN port: one socket a host carries every tunnel, told apart by their network identifiers.</summary>
    public const int Port = 4789;

    /// <summary>VXLAN's network identifiers have 24 bits.</summary>
    public const int MaxVni = (1 << 24) - 1;

    /// <summary>What VXLAN adds to a frame over IPv4: outer IP 20, UDP 8, VXLAN 8, inner Ethernet 14.</summary>
    public const int Overhead = 50;

    public static async Task AddAsync(
        RunDirectory run, int vni, IPAddress local, IPAddress remote, string? hostNamespace, string intoNamespace, string name, CancellationToken cancellationToken)
    {
        if (vni is < 1 or > MaxVni)
        {
            throw new ArgumentOutOfRangeException(nameof(vni), vni, $"a VXLAN network identifier is 1-{MaxVni}");
        }

        // Made under a name of its own in the host's namespace, which no port name takes, then moved and renamed.
        var made = string.Create(CultureInfo.InvariantCulture, $"tbvx{vni:x6}");
        run.Record(new LabResource(LabResourceKind.Link, made));
        await IpRoute.BatchAsync(hostNamespace,
        [
            string.Create(CultureInfo.InvariantCulture,
                $"link add {made} mtu {WanNetwork.UnderlayMtu} type vxlan id {vni} local {local} remote {remote} dstport {Port} nolearning"),
            $"link set {made} netns {intoNamespace}",
        ], cancellationToken);
        await IpRoute.BatchAsync(intoNamespace, [$"link set {made} name {name}"], cancellationToken);
    }
}
