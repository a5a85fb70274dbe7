using Testbed.Qemu.Host;
using Testbed.Qemu.Image;

namespace Testbed.Qemu.Tests.Host;

public sealed class QemuHostTests
{
    private static readonly GuestImage Image = new("id", "/images/id", "/images/id/vmlinuz", "/images/id/initramfs.cpio", []);

    [Fact]
    public void Kvm_uses_the_host_cpu_and_tcg_does_not()
    {
        var kvm = QemuHost.Arguments(new QemuVmOptions("vm", Image, Accel: Accelerator.Kvm), "/s");
        var tcg = QemuHost.Arguments(new QemuVmOptions("vm", Image), "/s");

        Assert.Contains("host", kvm);
        Assert.DoesNotContain("-cpu", tcg);
        Assert.Equal("tcg", tcg[tcg.ToList().IndexOf("-accel") + 1]);
    }

    [Fact]
    public void The_guest_gets_its_settings_and_the_vm_its_nic_memory_and_incoming_mode()
    {
        var arguments = QemuHost.Arguments(new QemuVmOptions("vm", Image, MemoryMib: 256, Vcpus: 2)
        {
            Tap = "tap0",
            Mac = "52:54:00:00:00:05",
            KernelArguments = ["testbed.addr=10.0.0.5/24"],
            IncomingDeferred = true,
        }, "/run/testbed/r/sockets/vm.qmp").ToList();

        Assert.Equal("console=ttyS0 panic=-1 quiet testbed.addr=10.0.0.5/24", arguments[arguments.IndexOf("-append") + 1]);
        Assert.Equal("tap,id=lan,ifname=tap0,script=no,downscript=no", arguments[arguments.IndexOf("-netdev") + 1]);
        Assert.Equal("virtio-net-pci,netdev=lan,mac=52:54:00:00:00:05", arguments[arguments.IndexOf("-device") + 1]);
        Assert.Equal("256", arguments[arguments.IndexOf("-m") + 1]);
        Assert.Equal("2", arguments[arguments.IndexOf("-smp") + 1]);
        Assert.Equal("defer", arguments[arguments.IndexOf("-incoming") + 1]);
        Assert.Equal("unix:/run/testbed/r/sockets/vm.qmp,server=on,wait=off", arguments[arguments.IndexOf("-qmp") + 1]);
        Assert.Equal("stdio", arguments[arguments.IndexOf("-serial") + 1]);
    }

    [Fact]
    public async Task Too_little_memory_for_the_guest_kernel_is_refused_before_qemu_starts()
    {
        var failure = await Assert.ThrowsAsync<ArgumentException>(
            () => QemuHost.StartAsync(null!, new QemuVmOptions("small", Image, MemoryMib: 64)));

        Assert.Contains("at least 96 MiB", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_console_log_sends_the_serial_port_to_that_file()
    {
        var arguments = QemuHost.Arguments(new QemuVmOptions("vm", Image) { ConsoleLog = "/results/e/r/vm1.console.log" }, "/s").ToList();

        Assert.Equal("file:/results/e/r/vm1.console.log", arguments[arguments.IndexOf("-serial") + 1]);
    }
}
