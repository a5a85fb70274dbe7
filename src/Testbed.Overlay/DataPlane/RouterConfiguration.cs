using System.Text.Json.Serialization;

namespace Testbed.Overlay.DataPlane;

/// <summary>What one testbed-router needs to know at start; the controller writes it as JSON.</summary>
public sealed record RouterConfiguration
{
    /// <summary>The default overlay port (UDP) between smart routers.</summary>
    public const int DefaultPort = 4790;

    /// <summary>The data center this router serves.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Its underlay address: tunnels start and end here.</summary>
    [JsonPropertyName("underlay_address")]
    public required string UnderlayAddress { get; init; }

    [JsonPropertyName("port")]
    public int Port { get; init; } = DefaultPort;

    /// <summary>The block of service addresses that the overlay carries, e.g. 10.0.0.0/24.</summary>
    [JsonPropertyName("service_prefix")]
    public required string ServicePrefix { get; init; }

    /// <summary>The interface toward the data center's LAN, where the VMs are.</summary>
    [JsonPropertyName("lan_interface")]
    public required string LanInterface { get; init; }

    [JsonPropertyName("tun_name")]
    public string TunName { get; init; } = "ovl0";

    /// <summary>The Unix socket it is controlled through (made mode 0600).</summary>
    [JsonPropertyName("control_socket")]
    public required string ControlSocket { get; init; }

    [JsonPropertyName("peers")]
    public required IReadOnlyList<PeerRouter> Peers { get; init; }

    [JsonPropertyName("flow_idle_seconds")]
    public double FlowIdleSeconds { get; init; } = 30;

    [JsonPropertyName("heartbeat_ms")]
    public double HeartbeatMs { get; init; } = 100;

    /// <summary>
    /// Whether the kernel carries settled single-location entries (<see cref="KernelFastPath"/>);
    /// off, the router process forwards every packet.
    /// </summary>
    [JsonPropertyName("kernel_fast_path")]
    public bool KernelFastPath { get; init; } = true;

    public const string DefaultVxlanName = "ovx0";

    public const int DefaultRoutingTable = 100;

    [JsonPropertyName("vxlan_name")]
    public string VxlanName { get; init; } = DefaultVxlanName;

    /// <summary>The kernel fast path's UDP port: VXLAN's own, apart from the router's tunnel.</summary>
    [JsonPropertyName("vxlan_port")]
    public int VxlanPort { get; init; } = 4789;

    /// <summary>The routing table and rule priority the router's policy routing uses.</summary>
    [JsonPropertyName("routing_table")]
    public int RoutingTable { get; init; } = DefaultRoutingTable;
}
