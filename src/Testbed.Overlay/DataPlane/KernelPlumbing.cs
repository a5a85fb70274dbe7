using System.Globalization;
using Testbed.Lab.Processes;

namespace Testbed.Overlay.DataPlane;

/// <summary>
/// What a smart router sets up in its own namespace's kernel. Users' packets for the
/// service block go into the TUN (policy routing, so the LAN's connected route to the same
/// block stays for delivery); packets the router writes back into the TUN are routed by
/// the main table, onto the LAN. Reverse-path filtering is off, because a user's packet
/// re-enters from the TUN while its source lies behind a WAN port.
/// </summary>
internal static class KernelPlumbing
{
    public static async Task SetUpAsync(RouterConfiguration configuration, CancellationToken cancellationToken)
    {
        var table = configuration.RoutingTable.ToString(CultureInfo.InvariantCulture);
        await TearDownRulesAsync(configuration, cancellationToken);

        // A killed predecessor's routes (the kernel fast path's among them) are still in the table.
        await FlushTableAsync(configuration, cancellationToken);
        var ipv6 = $"/proc/sys/net/ipv6/conf/{configuration.TunName}/disable_ipv6";
        if (File.Exists(ipv6))
        {
            // The overlay carries IPv4; without this the kernel sends IPv6 solicitations into the TUN.
            await File.WriteAllTextAsync(ipv6, "1", cancellationToken);
        }

        await CommandRunner.RunCheckedAsync("ip", ["link", "set", configuration.TunName, "up", "mtu", "1500"], cancellationToken: cancellationToken);
        await CommandRunner.RunCheckedAsync("ip", ["route", "replace", configuration.ServicePrefix, "dev", configuration.TunName, "table", table], cancellationToken: cancellationToken);
        await CommandRunner.RunCheckedAsync("ip", ["rule", "add", "pref", table, "iif", configuration.TunName, "lookup", "main"], cancellationToken: cancellationToken);
        await CommandRunner.RunCheckedAsync("ip", ["rule", "add", "pref", Next(configuration), "to", configuration.ServicePrefix, "lookup", table], cancellationToken: cancellationToken);
        foreach (var device in (string[])["all", "default", configuration.TunName, configuration.LanInterface])
        {
            await File.WriteAllTextAsync($"/proc/sys/net/ipv4/conf/{device}/rp_filter", "0", cancellationToken);
        }

        await File.WriteAllTextAsync("/proc/sys/net/ipv4/ip_forward", "1", cancellationToken);
    }

    /// <summary>Removes the rules (a restarted router finds its predecessor's still there); the TUN and its route die with the process.</summary>
    public static async Task TearDownRulesAsync(RouterConfiguration configuration, CancellationToken cancellationToken)
    {
        foreach (var pref in (string[])[configuration.RoutingTable.ToString(CultureInfo.InvariantCulture), Next(configuration)])
        {
            // `ip rule del pref N` removes one rule a call; fails once there is none.
            while ((await CommandRunner.RunAsync("ip", ["rule", "del", "pref", pref], TimeSpan.FromSeconds(10), cancellationToken)).ExitCode == 0)
            {
            }
        }
    }

    /// <summary>Removes every route of the router's table.</summary>
    public static Task FlushTableAsync(RouterConfiguration configuration, CancellationToken cancellationToken) =>
        CommandRunner.RunAsync("ip", ["route", "flush", "table", configuration.RoutingTable.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10), cancellationToken);

    /// <summary>The VM answers at once after it resumes: no ARP exchange with a guest that is just waking.</summary>
    public static Task AddPermanentNeighbourAsync(RouterConfiguration configuration, string address, string mac, CancellationToken cancellationToken) =>
        CommandRunner.RunCheckedAsync("ip", ["neigh", "replace", address, "lladdr", mac, "dev", configuration.LanInterface, "nud", "permanent"],
            cancellationToken: cancellationToken);

    public static Task RemoveNeighbourAsync(RouterConfiguration configuration, string address, CancellationToken cancellationToken) =>
        CommandRunner.RunAsync("ip", ["neigh", "del", address, "dev", configuration.LanInterface], TimeSpan.FromSeconds(10), cancellationToken);

    private static string Next(RouterConfiguration configuration) => (configuration.RoutingTable + 1).ToString(CultureInfo.InvariantCulture);
}
