using System.Net;
using Testbed.Workload.Clients;

namespace Testbed.Workload.Tests.Clients;

/// <summary>The lines the host writes on testbed-client's standard input, written and read by the commands themselves.</summary>
public sealed class ClientCommandTests
{
    public static TheoryData<ClientCommand> Commands() =>
    [
        new StartCommand(),
        new StopCommand(),
        new ScaleCommand(250),
        new AddressCommand(IPAddress.Parse("10.3.0.7")),
        new MoveCommand(new SiteLocation("far1", SiteLocation.ProcessNamespace), TimeSpan.FromMilliseconds(1500)),
        new MoveCommand(new SiteLocation("far1", SiteLocation.ProcessNamespace), TimeSpan.Zero),
        new MoveCommand(new SiteLocation("far1", SiteLocation.ProcessNamespace), TimeSpan.FromTicks(12_345)),
        new PlaceCommand(7, new SiteLocation("far2", SiteLocation.ProcessNamespace)),
        new HandoverCommand(TimeSpan.FromMilliseconds(12_500.5), 3, new SiteLocation("near1", SiteLocation.ProcessNamespace)),
        new HandoverCommand(TimeSpan.Zero, 0, new SiteLocation("near1", SiteLocation.ProcessNamespace)),
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public void What_the_host_writes_the_client_reads_back_as_the_same_command(ClientCommand sent)
    {
        Assert.Equal(sent, ClientCommand.Parse(sent.Line));
    }

    [Theory]
    [InlineData("move far1")]
    [InlineData("scale -3")]
    [InlineData("address 1")]
    [InlineData("jump")]
    [InlineData("place 1 far1")]
    [InlineData("place -1 far1 -")]
    [InlineData("handover 10 1 far1")]
    [InlineData("handover 1e300 1 far1 -")]
    [InlineData("handover -5 1 far1 -")]
    public void A_line_that_is_not_a_command_is_refused_with_a_usage_message(string line)
    {
        var refused = Assert.Throws<UsageException>(() => ClientCommand.Parse(line));

        Assert.DoesNotContain('\n', refused.Message);
    }
}
