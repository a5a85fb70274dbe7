using Testbed.Dashboards.Engine;
using Testbed.Lab.Doctor;
using Testbed.Lab.Machine;
using Testbed.Lab.Runs;
using Testbed.Network.Netem;
using Testbed.Qemu.Host;

namespace Testbed.Cli.Doctor;

/// <summary>
/// Examines this machine by trying each capability the testbed depends on. Each probe lives
/// with the layer whose capability it tries (netem with the WAN, accelerators with QEMU, the
/// Docker engine with the dashboards); they are composed here, the one place that knows them all. The probes run
/// as a short run of their own (scratch namespace, probe VMs), so a doctor that is
/// interrupted leaves nothing that `testbed clean` cannot remove.
/// </summary>
public static class MachineDoctor
{
    private const string Provision = "run 'sudo testbed/provision.sh'";

    public static async Task<DoctorReport> ExamineAsync(RuntimeRoot root, CancellationToken cancellationToken = default)
    {
        await using var run = RunDirectory.Create(root, $"doctor-{Guid.NewGuid():N}"[..15]);

        var qemuVersion = await AcceleratorProbe.QemuVersionAsync(cancellationToken);
        var kernel = GuestKernel.Find();
        var netem = NetemProbe.RunAsync(run, cancellationToken);
        var kvm = AcceleratorProbe.ProbeAsync(run, Accelerator.Kvm, qemuVersion, kernel, cancellationToken);
        var tcg = AcceleratorProbe.ProbeAsync(run, Accelerator.Tcg, qemuVersion, kernel, cancellationToken);
        var mininet = ToolVersions.MininetAsync(cancellationToken);
        var postgres = ToolVersions.PostgresAsync(cancellationToken);
        var docker = DockerEngineProbe.RunAsync(cancellationToken);
        var python = LibPython.LocateAsync(cancellationToken);
        var firewall = HostFirewallProbe.RunAsync(run, cancellationToken);
        await Task.WhenAll(netem, kvm, tcg, mininet, postgres, docker, python, firewall);

        Accelerator? accel = kvm.Result.Works ? Accelerator.Kvm : tcg.Result.Works ? Accelerator.Tcg : null;
        var library = python.Result.Library;
        var memoryGib = MachineResources.MemoryGib();
        List<DoctorFinding> findings =
        [
            netem.Result.Works
                ? new("netem", true, netem.Result.Detail)
                : new("netem", false, netem.Result.Detail,
                    "kernel link emulation: link delay, jitter and loss must come from the testbed's user-space emulator",
                    "a kernel with sch_netem (Debian's linux-image-amd64 has it; 'modprobe sch_netem')"),
            kvm.Result.Works
                ? new("kvm", true, kvm.Result.Detail)
                : new("kvm", false, kvm.Result.Detail,
                    "hardware acceleration: VMs run under TCG, slower to boot and to migrate",
                    "VT-x/AMD-V on the host, or nested virtualisation for the Vagrant lab (its Vagrantfile turns it on)"),
            accel is not null
                ? new("accelerator", true, $"{accel.Value.Name()} ({(accel == Accelerator.Kvm ? kvm : tcg).Result.Detail})")
                : new("accelerator", false, tcg.Result.Detail, "every VM", Provision + " (qemu-system-x86 and " + GuestKernel.Package + ")"),
            QemuFinding(qemuVersion),
            new("guest kernel", kernel is not null, kernel ?? "none in /boot",
                kernel is null ? "the guest image (VMs have nothing to boot)" : null,
                kernel is null ? $"{Provision} ({GuestKernel.Package})" : null),
            Version("Mininet", mininet.Result, "the emulated WAN", "mininet"),
            library is not null
                ? new("libpython", true, $"{library.Path} (Python {library.Version})")
                : new("libpython", false, python.Result.Detail, "driving Mininet from C# (Python.NET)", $"{Provision} (libpython3.11, or libpython3.10/3.12 on Ubuntu)"),
            new(".NET", true, Environment.Version.ToString()),
            docker.Result.Version is not null
                ? new("Docker engine", true, docker.Result.Detail)
                : new("Docker engine", false, docker.Result.Detail,
                    "`testbed dashboards` (Grafana and PostgreSQL in containers)",
                    $"{Provision} (docker.io), then start the engine: 'systemctl start docker' or 'dockerd &'"),
            firewall.Result.Immune
                ? new("host firewall", true, firewall.Result.Summary())
                : new("host firewall", false, firewall.Result.Summary(),
                    "the data center LANs: the testbed's bridged traffic would be dropped",
                    "a kernel where bridge netfilter is per namespace (Linux 5.3 or later); meanwhile 'sysctl -w net.bridge.bridge-nf-call-iptables=0' on the host"),
            Version("PostgreSQL", postgres.Result, "the PostgreSQL results store (SQLite still works)", "postgresql"),
            new("machine", true, $"{MachineResources.Cpus} CPUs, {memoryGib} GiB"),
        ];

        return new DoctorReport
        {
            Netem = netem.Result.Works,
            KvmUsable = kvm.Result.Works,
            Accel = accel?.Name(),
            QemuVersion = qemuVersion,
            MininetVersion = mininet.Result,
            LibPython = library?.Path,
            PythonVersion = library?.Version,
            DotnetVersion = Environment.Version.ToString(),
            Docker = docker.Result.Version,
            Postgres = postgres.Result,
            Cpus = MachineResources.Cpus,
            MemoryGib = memoryGib,
            GuestKernel = kernel,
            HostFirewall = firewall.Result,
            Findings = findings,
        };
    }

    /// <summary>
    /// QEMU 7.2 (Debian 12's own) corrupts a TCG guest that writes memory while it migrates:
    /// QEMU reports completion, then the guest kernel oopses on the destination. 10.0 was
    /// measured to migrate the same guest intact; versions between were not measured.
    /// </summary>
    public static readonly Version MigrationSafeQemu = new(10, 0);

    internal static DoctorFinding QemuFinding(string? version) =>
        version is null
            ? Version("QEMU", version, "every VM", "qemu-system-x86")
            : System.Version.TryParse(version, out var parsed) && parsed >= MigrationSafeQemu
                ? new("QEMU", true, version)
                : new("QEMU", false, $"{version} (migration of a guest that writes memory verified only from {MigrationSafeQemu})",
                    "trustworthy live migration of busy guests: QEMU 7.2 under TCG corrupts them",
                    $"{Provision} (on Debian 12 it installs QEMU {MigrationSafeQemu} from bookworm-backports)");

    private static DoctorFinding Version(string item, string? version, string disables, string package) =>
        version is not null
            ? new(item, true, version)
            : new(item, false, "not found", disables, $"{Provision} ({package})");
}
