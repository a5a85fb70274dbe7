using System.Net;
using Testbed.Mechanisms.Mobility;
using Testbed.Topology.Routing;

namespace Testbed.Mechanisms.Tests.Mobility;

public sealed class ServiceDirectoryTests
{
    private static readonly IPAddress Old = IPAddress.Parse("10.128.0.102");
    private static readonly IPAddress New = IPAddress.Parse("10.128.1.102");

    [Fact]
    public void A_resolver_keeps_its_answer_for_the_ttl_while_a_new_one_sees_the_new_record()
    {
        var directory = new ServiceDirectory(TimeSpan.FromHours(1));
        directory.Publish("vm1", Old);
        var early = directory.Resolver();
        Assert.Equal(Old, early.Resolve("vm1"));

        directory.Publish("vm1", New);

        Assert.Equal(Old, early.Resolve("vm1"));
        Assert.Equal(New, directory.Resolver().Resolve("vm1"));
    }

    [Fact]
    public void With_no_ttl_a_resolver_follows_the_record_at_once()
    {
        var directory = new ServiceDirectory(TimeSpan.Zero);
        directory.Publish("vm1", Old);
        var resolver = directory.Resolver();
        Assert.Equal(Old, resolver.Resolve("vm1"));

        directory.Publish("vm1", New);

        Assert.Equal(New, resolver.Resolve("vm1"));
    }

    [Fact]
    public void An_unknown_service_is_named_in_the_error()
    {
        var failure = Assert.Throws<KeyNotFoundException>(() => new ServiceDirectory(TimeSpan.Zero).Resolver().Resolve("vm9"));
        Assert.Contains("'vm9'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mechanism_names_round_trip_and_an_unknown_one_lists_the_known()
    {
        Assert.All(Enum.GetValues<MechanismKind>(), kind => Assert.Equal(kind, MechanismNames.Parse(kind.Name())));
        Assert.Equal(["overlay", "home-tunnel", "l2-stretch", "readdress"], MechanismNames.All);

        var failure = Assert.Throws<ArgumentException>(() => MechanismNames.Parse("mobile-ip"));
        Assert.StartsWith("unknown mechanism 'mobile-ip' (known: overlay, home-tunnel, l2-stretch, readdress)", failure.Message, StringComparison.Ordinal);
    }
}
