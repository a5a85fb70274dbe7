using Testbed.Lab.Runs;
using Testbed.Network.Wan;
using Testbed.Topology.Routing;

namespace Testbed.Mechanisms.Mobility;

/// <summary>Sets up the chosen mechanism on a built WAN.</summary>
public static class MobilityMechanisms
{
    /// <param name="home">The data center the service starts in: the only ingress under home-tunnel, the gateway under l2-stretch.</param>
    /// <param name="ttl">How long clients keep a resolved address: it matters only under readdress.</param>
    public static async Task<IMobilityMechanism> StartAsync(
        MechanismKind kind, RunDirectory run, WanNetwork wan, string home, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var directory = new ServiceDirectory(ttl);
        return kind switch
        {
            MechanismKind.Overlay or MechanismKind.HomeTunnel => await OverlayMechanism.StartAsync(kind, run, wan, home, directory, cancellationToken),
            MechanismKind.L2Stretch => await L2StretchMechanism.StartAsync(wan, home, directory, cancellationToken),
            MechanismKind.Readdress => new ReaddressMechanism(wan, directory),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }
}
