using Testbed.Lab.Runs;
using Testbed.Network.Wan;
using Testbed.Overlay.Control;
using Testbed.Topology.Routing;

namespace Testbed.Mechanisms.Mobility;

/// <summary>Sets up the chosen mechanism on a built WAN.</summary>
public static class MobilityMechanisms
{
    /// <param name="home">The data center the service starts in: the only ingress under home-tunnel, the gateway under l2-stretch.</param>
    /// <param name="ttl">How long clients keep a resolved address: it matters only under readdress.</param>
    /// <param name="remoteRouters">In a WAN split over lab machines, how to reach a smart router another host runs (see <see cref="OverlayRouters.StartAsync"/>).</param>
    public static async Task<IMobilityMechanism> StartAsync(
        MechanismKind kind, RunDirectory run, WanNetwork wan, string home, TimeSpan ttl, Func<string, RouterControlClient>? remoteRouters = null,
        CancellationToken cancellationToken = default)
    {
        if (wan.Share is not null && kind is not (MechanismKind.Overlay or MechanismKind.HomeTunnel))
        {
            // Their state (the stretched LAN's bridge, the directory's addresses) lives on one host; only the smart routers are built to be reached from others.
            throw new NotSupportedException($"the {kind.Name()} mechanism runs on one host; over several, use overlay or home-tunnel");
        }

        var directory = new ServiceDirectory(ttl);
        return kind switch
        {
            MechanismKind.Overlay or MechanismKind.HomeTunnel => await OverlayMechanism.StartAsync(kind, run, wan, home, directory, remoteRouters, cancellationToken),
            MechanismKind.L2Stretch => await L2StretchMechanism.StartAsync(wan, home, directory, cancellationToken),
            MechanismKind.Readdress => new ReaddressMechanism(wan, directory),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }
}
