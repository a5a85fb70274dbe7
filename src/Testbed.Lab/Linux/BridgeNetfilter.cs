using Testbed.Lab.Processes;

namespace Testbed.Lab.Linux;

/// <summary>
/// br_netfilter hands every bridged frame to iptables when its bridge-nf-call-* switches are
/// on: the default once the module is loaded, and dockerd loads it (some kernels build it
/// in). With the FORWARD policy that dockerd sets (DROP), a bridge in the root namespace
/// then drops whatever it does not masquerade. The switches are per namespace (Linux 5.3
/// and later), so the testbed's bridges live in namespaces of their own, with the switches
/// off there, whose own firewall is empty.
/// </summary>
public static class BridgeNetfilter
{
    public static readonly IReadOnlyList<string> Switches =
        ["net.bridge.bridge-nf-call-iptables", "net.bridge.bridge-nf-call-ip6tables", "net.bridge.bridge-nf-call-arptables"];

    private const string RootIptablesSwitch = "/proc/sys/net/bridge/bridge-nf-call-iptables";

    /// <summary>Turns bridge netfilter off inside <paramref name="netns"/>; on a kernel without br_netfilter there is nothing to turn off.</summary>
    public static Task TurnOffAsync(string netns, CancellationToken cancellationToken = default) =>
        CommandRunner.RunCheckedAsync("ip", ["netns", "exec", netns, "sysctl", "-q", "-e", "-w", .. Switches.Select(s => s + "=0")], cancellationToken);

    /// <summary>Whether the root namespace's bridges hand frames to iptables; null when br_netfilter is not loaded.</summary>
    public static bool? CallsIptablesInRootNamespace() =>
        File.Exists(RootIptablesSwitch) ? File.ReadAllText(RootIptablesSwitch).Trim() == "1" : null;
}
