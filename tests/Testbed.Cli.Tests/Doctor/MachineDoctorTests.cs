using System.IO.Compression;
using Testbed.Cli.Doctor;
using Testbed.Lab.Doctor;
using Testbed.Lab.Linux;
using Testbed.Lab.Processes;
using Testbed.TestSupport;

namespace Testbed.Cli.Tests.Doctor;

/// <summary>
/// The doctor examined once (it takes a KVM boot timeout on machines where KVM hangs) and
/// checked against sources it did not use: the kernel's own configuration, the tools'
/// own version output, and what is left on the machine afterwards.
/// </summary>
public sealed class MachineDoctorTests(MachineDoctorTests.Examined examined) : IClassFixture<MachineDoctorTests.Examined>
{
    public sealed class Examined : IAsyncLifetime
    {
        private readonly ScratchRuntimeRoot _scratch = new();

        public DoctorReport Report { get; private set; } = null!;

        public IReadOnlyList<string> NamespacesBefore { get; private set; } = [];

        public IReadOnlyList<string> NamespacesAfter { get; private set; } = [];

        public IReadOnlyList<string> RunsLeft { get; private set; } = [];

        public async Task InitializeAsync()
        {
            NamespacesBefore = await IpRoute.ListNamespacesAsync();
            Report = await MachineDoctor.ExamineAsync(_scratch.Root);
            NamespacesAfter = await IpRoute.ListNamespacesAsync();
            RunsLeft = _scratch.Root.RunDirectories();
        }

        public async Task DisposeAsync() => await _scratch.DisposeAsync();
    }

    [Fact]
    public async Task Netem_is_reported_as_the_kernel_configuration_says()
    {
        Assert.Equal(await KernelHasNetemAsync(), examined.Report.Netem);
    }

    [Fact]
    public void The_accelerator_follows_the_kvm_verdict()
    {
        var report = examined.Report;

        Assert.Equal(report.KvmUsable ? "kvm" : "tcg", report.Accel);
        if (!File.Exists("/dev/kvm"))
        {
            Assert.False(report.KvmUsable);
        }

        var kvm = Assert.Single(report.Findings, f => f.Item == "kvm");
        Assert.Equal(report.KvmUsable, kvm.Ok);
    }

    [Fact]
    public async Task Versions_are_those_the_tools_print()
    {
        var qemu = await CommandRunner.RunCheckedAsync("qemu-system-x86_64", ["--version"]);
        var mininet = await CommandRunner.RunCheckedAsync("mn", ["--version"]);

        Assert.Contains($"version {examined.Report.QemuVersion} ", qemu.StandardOutput, StringComparison.Ordinal);
        Assert.Equal((mininet.StandardOutput + mininet.StandardError).Trim(), examined.Report.MininetVersion);
        Assert.Equal(Environment.Version.ToString(), examined.Report.DotnetVersion);
        Assert.NotNull(examined.Report.Postgres);
    }

    [Fact]
    public async Task The_host_firewall_is_as_iptables_save_and_proc_say_and_the_testbed_s_bridges_carry_traffic()
    {
        var firewall = examined.Report.HostFirewall;

        var filter = await CommandRunner.RunCheckedAsync("iptables-save", ["-t", "filter"]);
        Assert.Contains($":FORWARD {firewall.ForwardPolicy} ", filter.StandardOutput, StringComparison.Ordinal);
        const string bridgeSwitch = "/proc/sys/net/bridge/bridge-nf-call-iptables";
        Assert.Equal(File.Exists(bridgeSwitch) ? File.ReadAllText(bridgeSwitch).Trim() == "1" : null, firewall.BridgeCallsIptables);
        Assert.All(firewall.DockerdPids, pid => Assert.Equal("dockerd", File.ReadAllText($"/proc/{pid}/comm").Trim()));
        Assert.True(firewall.Immune, firewall.Detail);
        var finding = Assert.Single(examined.Report.Findings, f => f.Item == "host firewall");
        Assert.True(finding.Ok);
        Assert.Contains($"iptables FORWARD policy {firewall.ForwardPolicy}", finding.Found, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_missing_piece_says_what_it_disables_and_how_to_get_it()
    {
        Assert.All(examined.Report.Findings.Where(f => !f.Ok), finding =>
        {
            Assert.False(string.IsNullOrWhiteSpace(finding.Disables), finding.Item);
            Assert.False(string.IsNullOrWhiteSpace(finding.Remedy), finding.Item);
        });
    }

    [Fact]
    public void The_probes_leave_nothing_behind()
    {
        Assert.Equal(examined.NamespacesBefore, examined.NamespacesAfter);
        Assert.Empty(examined.RunsLeft);
    }

    /// <summary>CONFIG_NET_SCH_NETEM from the running kernel's configuration; =m counts when the module is there to load.</summary>
    private static async Task<bool> KernelHasNetemAsync()
    {
        string config;
        if (File.Exists("/proc/config.gz"))
        {
            await using var gzip = new GZipStream(File.OpenRead("/proc/config.gz"), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            config = await reader.ReadToEndAsync();
        }
        else
        {
            var release = (await CommandRunner.RunCheckedAsync("uname", ["-r"])).StandardOutput.Trim();
            config = await File.ReadAllTextAsync($"/boot/config-{release}");
        }

        var line = config.Split('\n').FirstOrDefault(l => l.StartsWith("CONFIG_NET_SCH_NETEM=", StringComparison.Ordinal));
        return line switch
        {
            "CONFIG_NET_SCH_NETEM=y" => true,
            "CONFIG_NET_SCH_NETEM=m" => (await CommandRunner.RunAsync("modprobe", ["-n", "sch_netem"], TimeSpan.FromSeconds(10))).Succeeded,
            _ => false,
        };
    }
}
