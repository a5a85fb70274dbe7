using System.Net;
using Testbed.Workload.Clients;
using Testbed.Workload.Probing;

namespace Testbed.Workload.Tests.Clients;

/// <summary>The command line between the host's user-group grain and testbed-client, written and read by the one type that defines it.</summary>
public sealed class ClientArgumentsTests
{
    private static readonly ClientOptions Options = new(
        Group: "players",
        ServiceAddress: IPAddress.Parse("10.200.0.10"),
        FirstSite: new SiteLocation("near2", SiteLocation.ProcessNamespace),
        Users: 12,
        RatePerUserPerSecond: 2.75,
        RequestSize: 640,
        Mode: ConnectionMode.Fresh,
        ProbeInterval: TimeSpan.FromMilliseconds(2.5),
        Seed: 42,
        AddressTtl: TimeSpan.FromSeconds(5),
        RequestTimeout: TimeSpan.FromMilliseconds(1500),
        Port: 7100,
        ProbePort: 7101,
        ProbeProtocol: ProbeProtocol.Icmp);

    [Fact]
    public void What_the_host_writes_the_client_reads_back_unchanged()
    {
        var read = ClientArguments.Parse(ClientArguments.Format(Options));

        Assert.Equal(Options, read);
    }

    [Theory]
    [InlineData(1e-6)]
    [InlineData(0.1 + 0.2)]
    [InlineData(0)]
    public void A_rate_goes_through_exactly_even_where_a_shortest_form_would_use_an_exponent(double rate)
    {
        var options = Options with { RatePerUserPerSecond = rate, Mode = ConnectionMode.Persistent, ProbeInterval = TimeSpan.Zero };

        Assert.Equal(options, ClientArguments.Parse(ClientArguments.Format(options)));
    }

    [Fact]
    public void A_time_the_client_cannot_take_in_whole_milliseconds_is_refused_where_it_is_written()
    {
        var options = Options with { AddressTtl = TimeSpan.FromMilliseconds(2.5) };

        Assert.Throws<ArgumentException>(() => ClientArguments.Format(options));
    }

    [Fact]
    public void Every_name_the_client_reads_is_one_the_host_writes()
    {
        var written = ClientArguments.Format(Options).Where(word => word.StartsWith("--", StringComparison.Ordinal)).ToHashSet();

        // Leaving a name out would hand that value to the client's default, whatever the experiment said.
        Assert.Equal(15, written.Count);
        Assert.Equal(written.Count, ClientArguments.Format(Options).Count(word => word.StartsWith("--", StringComparison.Ordinal)));
    }
}
