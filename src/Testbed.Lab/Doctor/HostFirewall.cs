using System.Text.Json.Serialization;

namespace Testbed.Lab.Doctor;

/// <summary>
/// What the host's firewall would do to traffic bridged in its root namespace, and whether
/// the testbed's own bridges, in namespaces of their own, carried a probe's traffic anyway.
/// </summary>
/// <param name="ForwardPolicy">The root namespace's iptables FORWARD policy (ACCEPT, DROP), or null without iptables.</param>
/// <param name="BridgeCallsIptables">bridge-nf-call-iptables in the root namespace; null when br_netfilter is not loaded.</param>
/// <param name="DockerdPids">Every running dockerd: a stock one sets FORWARD to DROP and loads br_netfilter.</param>
/// <param name="Immune">True when a frame crossed a bridge built the testbed's way, here and now.</param>
public sealed record HostFirewall(
    [property: JsonPropertyName("forward_policy")] string? ForwardPolicy,
    [property: JsonPropertyName("bridge_nf_call_iptables")] bool? BridgeCallsIptables,
    [property: JsonPropertyName("dockerd_pids")] IReadOnlyList<int> DockerdPids,
    [property: JsonPropertyName("immune")] bool Immune,
    [property: JsonPropertyName("detail")] string Detail)
{
    /// <summary>True when a bridge in the root namespace would drop what it forwards.</summary>
    [JsonPropertyName("root_bridges_filtered")]
    public bool RootBridgesFiltered => BridgeCallsIptables == true && ForwardPolicy is "DROP" or "REJECT";

    /// <summary>The finding's one line: what was found, and what it means for the testbed.</summary>
    public string Summary()
    {
        var found = new List<string>
        {
            ForwardPolicy is null ? "no iptables" : $"iptables FORWARD policy {ForwardPolicy}",
            BridgeCallsIptables is null ? "br_netfilter not loaded" : $"bridge-nf-call-iptables = {(BridgeCallsIptables.Value ? 1 : 0)}",
            DockerdPids.Count == 0 ? "no dockerd running" : $"dockerd running (pid {string.Join(", ", DockerdPids)})",
        };
        var rootBridges = RootBridgesFiltered ? "bridges in the root namespace would drop forwarded frames" : "bridges in the root namespace would forward";
        var testbed = Immune ? "the testbed's bridges (a namespace each) carried the probe: immune" : $"the testbed's bridges did NOT carry the probe: {Detail}";
        return $"{string.Join(", ", found)}; {rootBridges}; {testbed}";
    }
}
