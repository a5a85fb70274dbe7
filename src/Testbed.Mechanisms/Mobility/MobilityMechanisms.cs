using Testbed.Lab.Runs;
using Testbed.Network.Wan;

namespace Testbed.Mechanisms.Mobility;

/// <summary>Sets up the chosen mechanism on a built WAN.</summary>
public static class MobilityMechanisms
{
    /// <summary>How long clients keep a resolved address unless told otherwise: it matters only under readdress.</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(5);

    /// <param name="home">The data center the service starts in: the only ingress under home-tunnel, the gateway under l2-stretch.</param>
    public static async Task<IMobilityMechanism> StartAsync(
        MechanismKind kind, RunDirectory run, WanNetwork wan, string home, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        var directory = new ServiceDirectory(ttl ?? DefaultTtl);
        return kind switch
        {
            MechanismKind.Overlay or MechanismKind.HomeTunnel => await OverlayMechanism.StartAsync(kind, run, wan, home, directory, cancellationToken),
            MechanismKind.L2Stretch => await L2StretchMechanism.StartAsync(wan, home, directory, cancellationToken),
            MechanismKind.Readdress => new ReaddressMechanism(wan, directory),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }
}
