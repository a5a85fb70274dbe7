using System.Net;
using Testbed.Workload.Protocol;

namespace Testbed.Workload.Tests.Protocol;

public sealed class ControlCommandTests
{
    public static TheoryData<ControlCommand> Commands() =>
    [
        new SetDirtyRateCommand(12.5),
        new SetDirtyRateCommand(0),
        new SetNameCommand("vm-dc2"),
        new SetAddressCommand(IPAddress.Parse("10.3.0.7"), 24, IPAddress.Parse("10.3.0.1")),
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public void What_the_host_sends_the_guest_reads_back_as_the_same_command(ControlCommand sent)
    {
        Assert.StartsWith(ControlLine.Marker.ToString(), sent.Line, StringComparison.Ordinal);

        var read = ControlCommand.Parse(sent.Line[1..]);

        Assert.Equal(sent, read);
    }

    [Theory]
    [InlineData("dirty -1")]
    [InlineData("dirty fast")]
    [InlineData("address 10.0.0.5 10.0.0.1")]
    [InlineData("address 10.0.0.5/33 10.0.0.1")]
    [InlineData("name")]
    [InlineData("reboot")]
    public void A_line_that_is_not_a_command_is_refused_with_the_known_ones(string line)
    {
        var refused = Assert.Throws<FormatException>(() => ControlCommand.Parse(line));

        Assert.Contains("!dirty MBPS", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_with_a_space_cannot_be_sent_as_it_would_arrive_as_another_line()
    {
        Assert.Throws<FormatException>(() => new SetNameCommand("vm 1").Line);
    }
}
