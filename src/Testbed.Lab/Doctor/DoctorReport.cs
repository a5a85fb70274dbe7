using System.Text.Json.Serialization;

namespace Testbed.Lab.Doctor;

/// <summary>
/// What this machine can do, as found by trying each thing. The JSON names are a contract:
/// scripts read `testbed doctor --json`, and every run stores this as environment.json.
/// </summary>
public sealed record DoctorReport
{
    /// <summary>True when a netem qdisc could be created on a veth in a scratch namespace.</summary>
    [JsonPropertyName("netem")]
    public required bool Netem { get; init; }

    /// <summary>True when a guest kernel booted to its root-mount step under KVM.</summary>
    [JsonPropertyName("kvm_usable")]
    public required bool KvmUsable { get; init; }

    /// <summary>"kvm", "tcg", or null when QEMU cannot run a guest at all.</summary>
    [JsonPropertyName("accel")]
    public required string? Accel { get; init; }

    [JsonPropertyName("qemu_version")]
    public required string? QemuVersion { get; init; }

    [JsonPropertyName("mininet_version")]
    public required string? MininetVersion { get; init; }

    /// <summary>Path of the distro libpython that loaded, or null.</summary>
    [JsonPropertyName("libpython")]
    public required string? LibPython { get; init; }

    [JsonPropertyName("python_version")]
    public required string? PythonVersion { get; init; }

    [JsonPropertyName("dotnet_version")]
    public required string DotnetVersion { get; init; }

    /// <summary>The Docker engine's version when one answers on its socket, else null.</summary>
    [JsonPropertyName("docker")]
    public required string? Docker { get; init; }

    /// <summary>The PostgreSQL server's version when its binary runs, else null.</summary>
    [JsonPropertyName("postgres")]
    public required string? Postgres { get; init; }

    [JsonPropertyName("cpus")]
    public required int Cpus { get; init; }

    [JsonPropertyName("memory_gib")]
    public required double MemoryGib { get; init; }

    [JsonPropertyName("guest_kernel")]
    public required string? GuestKernel { get; init; }

    /// <summary>The host's firewall as it bears on bridged traffic, and whether the testbed is immune to it.</summary>
    [JsonPropertyName("host_firewall")]
    public required HostFirewall HostFirewall { get; init; }

    [JsonPropertyName("findings")]
    public required IReadOnlyList<DoctorFinding> Findings { get; init; }
}
