using Testbed.Network.Emulation;
using Testbed.Network.Netem;

namespace Testbed.Network.Tests.Netem;

/// <summary>The exact tc lines of the netem path, for add and change, with and without a rate, jitter and loss.</summary>
public sealed class NetemCommandsTests
{
    // A full-size frame on a WAN link is its 1600-byte MTU plus a 14-byte Ethernet header: 12 912 bits.
    private const double FrameBits = (1600 + 14) * 8;

    /// <summary>The queue, plus the frames that fit in flight over delay + jitter at the rate.</summary>
    private static long ExpectedLimit(int queue, double bitsPerSecond, double delayMs, double jitterMs = 0) =>
        queue + (long)Math.Ceiling(bitsPerSecond * (delayMs + jitterMs) / 1000 / FrameBits);

    [Fact]
    public void A_delay_alone_gets_the_line_rate_so_that_a_later_change_can_set_or_clear_a_bandwidth()
    {
        var shape = new LinkShape(10);

        // 100 Gbit/s for 10 ms is 1e9 bits in flight: 77 448 frames beside the default queue of 1000.
        var limit = ExpectedLimit(1000, 100e9, 10);
        Assert.Equal(78_448, limit);
        Assert.Equal($"qdisc add dev r1-eth0 root handle 10: netem delay 10000us rate 100000000000bit limit {limit}", NetemCommands.Add("r1-eth0", shape));
        Assert.Equal($"qdisc change dev r1-eth0 root handle 10: netem delay 10000us rate 100000000000bit limit {limit}", NetemCommands.Change("r1-eth0", shape));
    }

    [Fact]
    public void Rate_jitter_and_loss_are_all_given_so_a_change_resets_what_it_does_not_name()
    {
        var shape = new LinkShape(20, JitterMs: 2, LossPercent: 0.5, BandwidthMbps: 50, QueuePackets: 200);

        // 50 Mbit/s over 22 ms is 1.1e6 bits: 86 full frames in flight, beside a queue of 200.
        var limit = ExpectedLimit(200, 50e6, 20, 2);
        Assert.Equal(286, limit);
        Assert.Equal($"qdisc add dev a-eth1 root handle 10: netem delay 20000us 2000us loss 0.5% rate 50000000bit limit {limit}", NetemCommands.Add("a-eth1", shape));
        Assert.Equal($"qdisc change dev a-eth1 root handle 10: netem delay 20000us 2000us loss 0.5% rate 50000000bit limit {limit}", NetemCommands.Change("a-eth1", shape));
    }

    [Fact]
    public void A_rate_without_jitter_or_loss_names_neither()
    {
        var shape = new LinkShape(5, BandwidthMbps: 1000);

        var limit = ExpectedLimit(1000, 1e9, 5);
        Assert.Equal($"delay 5000us rate 1000000000bit limit {limit}", NetemCommands.Arguments(shape));
    }

    [Fact]
    public void Jitter_and_loss_without_a_bandwidth_keep_the_line_rate_which_keeps_packets_in_order()
    {
        var shape = new LinkShape(1, JitterMs: 0.25, LossPercent: 30);

        var limit = ExpectedLimit(1000, 100e9, 1, 0.25);
        Assert.Equal($"delay 1000us 250us loss 30% rate 100000000000bit limit {limit}", NetemCommands.Arguments(shape));
    }

    [Fact]
    public void A_link_that_is_down_loses_everything_and_keeps_its_other_settings()
    {
        var up = new LinkShape(10, LossPercent: 1, BandwidthMbps: 100);
        var down = up with { Up = false };

        Assert.Equal(NetemCommands.Arguments(up).Replace("loss 1%", "loss 100%", StringComparison.Ordinal), NetemCommands.Arguments(down));
        Assert.Contains("loss 100% ", NetemCommands.Arguments(new LinkShape(10, Up: false)), StringComparison.Ordinal);
    }

    [Fact]
    public void Times_are_whole_microseconds_and_fractions_keep_their_digits()
    {
        var shape = new LinkShape(1.2344, JitterMs: 0.0004, LossPercent: 0.001, BandwidthMbps: 2.5);

        // 1.2344 ms is 1234.4 us, so 1234 us; 0.4 us of jitter rounds to none but is still asked for.
        var limit = ExpectedLimit(1000, 2.5e6, 1.2344, 0.0004);
        Assert.Equal($"delay 1234us 0us loss 0.001% rate 2500000bit limit {limit}", NetemCommands.Arguments(shape));
    }

    [Fact]
    public void An_enormous_delay_is_held_to_netems_32_bit_limit()
    {
        Assert.Equal(uint.MaxValue, NetemCommands.Limit(new LinkShape(360_000_000, BandwidthMbps: 100_000)));
    }
}
