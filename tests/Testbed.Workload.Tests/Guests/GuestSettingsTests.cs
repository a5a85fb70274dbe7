using System.Net;
using Testbed.Workload.Guests;

namespace Testbed.Workload.Tests.Guests;

public sealed class GuestSettingsTests
{
    [Fact]
    public void Testbed_words_of_a_kernel_command_line_become_settings_and_the_kernel_s_own_are_ignored()
    {
        var settings = GuestSettings.Parse(
            "console=ttyS0 panic=-1 quiet testbed.addr=10.1.2.5/16 testbed.gw=10.1.0.1 testbed.mac=52:54:00:ab:cd:ef testbed.name=vm1 testbed.service_ms=2.5 testbed.dirty_mbps=40 testbed.dirty_mib=16".Split(' '));

        Assert.Equal(IPAddress.Parse("10.1.2.5"), settings.Address);
        Assert.Equal(16, settings.PrefixLength);
        Assert.Equal(IPAddress.Parse("10.1.0.1"), settings.Gateway);
        Assert.Equal([0x52, 0x54, 0x00, 0xab, 0xcd, 0xef], settings.Mac);
        Assert.Equal("vm1", settings.Name);
        Assert.Equal(TimeSpan.FromMilliseconds(2.5), settings.ServiceTime);
        Assert.Equal(40, settings.DirtyMegabytesPerSecond);
        Assert.Equal(16, settings.DirtyMebibytes);
    }

    [Fact]
    public void Nothing_said_means_serving_only_with_defaults()
    {
        var settings = GuestSettings.Parse([]);

        Assert.Null(settings.Address);
        Assert.Equal("guest", settings.Name);
        Assert.Equal(TimeSpan.Zero, settings.ServiceTime);
    }

    [Theory]
    [InlineData("testbed.addr=10.0.0.5")]
    [InlineData("testbed.addr=10.0.0.5/33")]
    [InlineData("testbed.mac=52:54:00")]
    [InlineData("testbed.colour=blue")]
    public void A_bad_or_unknown_setting_is_refused(string word)
    {
        Assert.Throws<FormatException>(() => GuestSettings.Parse([word]));
    }

    [Fact]
    public void What_the_host_writes_the_guest_reads_back_unchanged()
    {
        var written = new GuestSettings
        {
            Address = IPAddress.Parse("10.1.2.5"),
            PrefixLength = 16,
            Gateway = IPAddress.Parse("10.1.0.1"),
            Mac = [0x52, 0x54, 0x00, 0xab, 0xcd, 0xef],
            Name = "vm-7",
            ServiceTime = TimeSpan.FromMilliseconds(2.5),
            DirtyMegabytesPerSecond = 12.25,
            DirtyMebibytes = GuestSettings.DirtyMebibytesFor(200),
        };

        var read = GuestSettings.Parse(["console=ttyS0", .. written.ToKernelArguments(), "quiet"]);

        Assert.Equal(written.Address, read.Address);
        Assert.Equal(written.PrefixLength, read.PrefixLength);
        Assert.Equal(written.Gateway, read.Gateway);
        Assert.Equal(written.Mac, read.Mac);
        Assert.Equal(written.Name, read.Name);
        Assert.Equal(written.ServiceTime, read.ServiceTime);
        Assert.Equal(written.DirtyMegabytesPerSecond, read.DirtyMegabytesPerSecond);
        Assert.Equal(written.DirtyMebibytes, read.DirtyMebibytes);
    }

    [Theory]
    [InlineData(64, 16)]
    [InlineData(20, 8)]
    public void The_dirtying_load_cycles_over_a_quarter_of_the_guest_and_never_under_8_MiB(int memoryMib, int expected)
    {
        Assert.Equal(expected, GuestSettings.DirtyMebibytesFor(memoryMib));
    }

    [Fact]
    public void A_name_with_a_space_is_refused_rather_than_split_into_two_words()
    {
        Assert.Throws<FormatException>(() => new GuestSettings { Name = "vm 1" }.ToKernelArguments());
    }
}
