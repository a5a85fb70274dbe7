using Testbed.Network.Emulation;

namespace Testbed.Network.Tests.Emulation;

public sealed class PacketSchedulerTests
{
    [Fact]
    public void A_segment_of_several_frames_takes_that_many_places_in_the_queue()
    {
        var scheduler = new PacketScheduler(new LinkShape(1, BandwidthMbps: 100, QueuePackets: 15), seed: 1);

        Assert.NotNull(scheduler.Admit(0, 10 * 1514, frames: 10));
        Assert.Null(scheduler.Admit(0, 10 * 1514, frames: 10));
        Assert.NotNull(scheduler.Admit(0, 1514));
        Assert.Equal(1, scheduler.Dropped);
    }

    [Fact]
    public void A_segment_leaves_once_all_its_frames_are_serialized_at_the_rate_and_the_delay_has_passed()
    {
        const double rateMbps = 100;
        const int bytes = 10 * 1514;
        var scheduler = new PacketScheduler(new LinkShape(2, BandwidthMbps: rateMbps), seed: 1);

        var due = scheduler.Admit(0, bytes, frames: 10);

        Assert.Equal((long)(bytes * 8 * 1000 / rateMbps) + 2_000_000, due);
    }
}
