using System.Globalization;
using Testbed.Lab.Processes;

namespace Testbed.Overlay.DataPlane;

/// <summary>
/// The router namespace's firewall for the overlay: UDP to the tunnel port (this router's
/// socket: tunnelled packets and heartbeats) and to the VXLAN port (the kernel fast path's
/// device) is taken only from the peers' underlay addresses. Anything else on the emulated
/// network that sends there is dropped by the kernel before either sees it. One chain of
/// its own, which a restarted router replaces whole.
/// </summary>
internal static class PeerFilter
{
    public const string Chain = "overlay-peers";

    public static async Task InstallAsync(RouterConfiguration configuration, CancellationToken cancellationToken)
    {
        await RemoveAsync(configuration, cancellationToken);
        await Iptables(cancellationToken, "-N", Chain);
        foreach (var peer in configuration.Peers)
        {
            await Iptables(cancellationToken, "-A", Chain, "-s", peer.Address, "-j", "RETURN");
        }

        await Iptables(cancellationToken, "-A", Chain, "-j", "DROP");
        await Iptables(cancellationToken, ["-I", "INPUT", .. Jump(configuration)]);
    }

    /// <summary>Removes the jump and the chain; nothing when they are not there.</summary>
    public static async Task RemoveAsync(RouterConfiguration configuration, CancellationToken cancellationToken)
    {
        while ((await CommandRunner.RunAsync("iptables", ["-D", "INPUT", .. Jump(configuration)], TimeSpan.FromSeconds(10), cancellationToken)).Succeeded)
        {
            // A crashed predecessor's jump, or more than one: all go.
        }

        await CommandRunner.RunAsync("iptables", ["-F", Chain], TimeSpan.FromSeconds(10), cancellationToken);
        await CommandRunner.RunAsync("iptables", ["-X", Chain], TimeSpan.FromSeconds(10), cancellationToken);
    }

    private static string[] Jump(RouterConfiguration configuration) =>
        ["-p", "udp", "-m", "multiport", "--dports",
         string.Create(CultureInfo.InvariantCulture, $"{configuration.Port},{configuration.VxlanPort}"), "-j", Chain];

    private static Task<CommandResult> Iptables(CancellationToken cancellationToken, params string[] arguments) =>
        CommandRunner.RunCheckedAsync("iptables", arguments, cancellationToken);
}
