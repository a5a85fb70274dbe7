using System.Net;
using Testbed.Guest.Boot;

namespace Testbed.Guest.Tests.Boot;

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
}
