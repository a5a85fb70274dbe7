using Testbed.Control.Cluster;

namespace Testbed.Control.Tests.Cluster;

/// <summary>
/// The NTP estimate of a host's clock offset, on exchanges built from a known true offset and
/// known delays each way, so that what the estimate should be follows from the exchange itself.
/// </summary>
public sealed class ClockOffsetTests
{
    /// <summary>Any instant: the estimate depends only on differences between the times.</summary>
    private static readonly DateTime Start = new(2025, 3, 14, 9, 26, 53, DateTimeKind.Utc);

    /// <summary>
    /// An exchange whose question leaves at <paramref name="sent"/> and takes
    /// <paramref name="outbound"/> to reach a host whose clock is <paramref name="trueOffset"/>
    /// ahead of this one, which reads its clock at once and answers in <paramref name="back"/>.
    /// </summary>
    private static ClockSample Exchange(DateTime sent, TimeSpan trueOffset, TimeSpan outbound, TimeSpan back) =>
        new(sent, sent + outbound + trueOffset, sent + outbound + back);

    [Theory]
    [InlineData(1234.5, 20)]
    [InlineData(-250.25, 3)]
    [InlineData(0, 0.5)]
    public void A_symmetric_exchange_gives_the_exact_offset_and_half_its_round_trip_as_uncertainty(double trueOffsetMs, double eachWayMs)
    {
        var trueOffset = TimeSpan.FromMilliseconds(trueOffsetMs);
        var eachWay = TimeSpan.FromMilliseconds(eachWayMs);

        var estimate = ClockOffset.From([Exchange(Start, trueOffset, eachWay, eachWay)]);

        Assert.Equal(trueOffset.TotalMilliseconds, estimate.OffsetMs, 9);
        Assert.Equal((eachWay + eachWay).TotalMilliseconds, estimate.RoundTripMs, 9);
        Assert.Equal(eachWay.TotalMilliseconds, estimate.UncertaintyMs, 9);
        Assert.Equal(1, estimate.Samples);
    }

    [Theory]
    [InlineData(0, 32)]
    [InlineData(32, 0)]
    [InlineData(2, 30)]
    [InlineData(27.5, 4.5)]
    public void An_answer_delayed_more_one_way_still_has_the_true_offset_within_the_uncertainty(double outboundMs, double backMs)
    {
        var trueOffset = TimeSpan.FromMilliseconds(-812.75);
        var outbound = TimeSpan.FromMilliseconds(outboundMs);
        var back = TimeSpan.FromMilliseconds(backMs);

        var estimate = ClockOffset.From([Exchange(Start, trueOffset, outbound, back)]);

        // NTP's estimate is off by half the difference of the delays, and that is never more
        // than half the round trip: the bound holds whatever the split, and is reached when
        // the whole delay is on one side.
        var error = (outbound - back).TotalMilliseconds / 2;
        Assert.Equal(trueOffset.TotalMilliseconds + error, estimate.OffsetMs, 9);
        Assert.Equal((outbound + back).TotalMilliseconds / 2, estimate.UncertaintyMs, 9);
        Assert.InRange(trueOffset.TotalMilliseconds, estimate.OffsetMs - estimate.UncertaintyMs, estimate.OffsetMs + estimate.UncertaintyMs);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_exchange_with_the_shortest_round_trip_is_the_one_used_wherever_it_is_in_the_list(int position)
    {
        var trueOffset = TimeSpan.FromMilliseconds(5000);

        // Queued exchanges, each held up on one side only, so each would give a different
        // estimate; the quick one is symmetric, so only it gives the true offset.
        var samples = new List<ClockSample>
        {
            Exchange(Start, trueOffset, TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(2)),
            Exchange(Start.AddSeconds(1), trueOffset, TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(25)),
            Exchange(Start.AddSeconds(2), trueOffset, TimeSpan.FromMilliseconds(12), TimeSpan.FromMilliseconds(1)),
        };
        var quick = Exchange(Start.AddSeconds(3), trueOffset, TimeSpan.FromMilliseconds(1.5), TimeSpan.FromMilliseconds(1.5));
        samples.Insert(position, quick);

        var estimate = ClockOffset.From(samples);

        Assert.Equal(trueOffset.TotalMilliseconds, estimate.OffsetMs, 9);
        Assert.Equal(quick.RoundTrip.TotalMilliseconds, estimate.RoundTripMs, 9);
        Assert.Equal(quick.RoundTrip.TotalMilliseconds / 2, estimate.UncertaintyMs, 9);
        Assert.Equal(samples.Count, estimate.Samples);
    }

    [Fact]
    public void No_exchange_at_all_is_refused()
    {
        var refused = Assert.Throws<ArgumentException>(() => ClockOffset.From([]));
        Assert.Equal("samples", refused.ParamName);
    }

    [Fact]
    public void An_answer_received_before_its_question_was_sent_is_refused_even_among_good_exchanges()
    {
        // This clock stepped back during the exchange: its "round trip" is negative, which would
        // otherwise win as the shortest and give a negative uncertainty.
        var stepped = new ClockSample(Start, Start.AddMilliseconds(10), Start.AddMilliseconds(-5));
        var good = Exchange(Start.AddSeconds(1), TimeSpan.Zero, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1));

        Assert.True(stepped.RoundTrip < TimeSpan.Zero);
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => ClockOffset.From([stepped])).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => ClockOffset.From([good, stepped])).ParamName);
    }

    [Fact]
    public void An_answer_with_no_measurable_round_trip_is_exact()
    {
        // A zero round trip is the shortest there can be, not a clock step: it is kept, and
        // says the offset to the tick.
        var trueOffset = TimeSpan.FromMilliseconds(-3.25);
        var estimate = ClockOffset.From([Exchange(Start, trueOffset, TimeSpan.Zero, TimeSpan.Zero)]);

        Assert.Equal(trueOffset.TotalMilliseconds, estimate.OffsetMs, 9);
        Assert.Equal(0, estimate.UncertaintyMs);
    }

    [Theory]
    [InlineData(1234.5)]
    [InlineData(-98.25)]
    public void To_local_puts_a_time_read_on_the_host_back_on_this_clock(double trueOffsetMs)
    {
        var trueOffset = TimeSpan.FromMilliseconds(trueOffsetMs);
        var estimate = ClockOffset.From([Exchange(Start, trueOffset, TimeSpan.FromMilliseconds(4), TimeSpan.FromMilliseconds(4))]);

        // Something that happened on the host a minute later, stamped with the host's clock.
        var happened = Start.AddMinutes(1);
        var stampedRemotely = happened + trueOffset;

        Assert.Equal(happened, estimate.ToLocal(stampedRemotely));
    }
}
