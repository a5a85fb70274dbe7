using Testbed.Lab.Runs;
using Testbed.Network.Calibration;
using Testbed.Network.Emulation;
using Testbed.Topology;
using Testbed.Network.Wan;
using Testbed.TestSupport;
using Testbed.Workload.Statistics;
using Xunit.Abstractions;

namespace Testbed.Network.Tests.Calibration;

public sealed class LinkCalibratorTests(ITestOutputHelper output) : ScratchRootTest
{
    private static readonly WanTopology Topology = new()
    {
        DataCenters = [new DataCenter("dc1")],
        WanRouters = [new WanRouter("r1")],
        UserSites = [new UserSite("user")],
        Links =
        [
            new WanLink("dc1", "r1", new LinkProperties(10, BandwidthMbps: 20)),
            new WanLink("r1", "user", 5),
        ],
    };

    [Fact]
    public async Task A_faithful_network_passes_and_a_link_set_wrong_behind_the_configuration_is_refused_with_its_table()
    {
        var run = RunDirectory.Create(Scratch.Root, "calibration");
        try
        {
            await using var wan = await WanNetwork.BuildAsync(run, Topology);

            var passed = LinkCalibrator.EnsurePassed(await LinkCalibrator.CalibrateAsync(run, wan));
            output.WriteLine(LinkCalibrator.Table(passed));
            Assert.Equal(2, passed.Count);
            Assert.All(passed, r => Assert.True(r.Ok, r.ToString()));
            Assert.InRange(passed[0].ThroughputRatio!.Value, 0.9, 1.1);

            // The emulator now delays 15 ms while the configuration still says 10.
            wan.EmulatedLinkOf(0)!.Reshape(new LinkShape(15, BandwidthMbps: 20));
            var measured = await LinkCalibrator.CalibrateAsync(run, wan);
            var failure = Assert.Throws<CalibrationFailedException>(() => LinkCalibrator.EnsurePassed(measured));
            output.WriteLine(failure.Message);

            var off = Assert.Single(failure.Results, r => !r.Ok);
            Assert.Equal(0, off.LinkIndex);
            Assert.InRange(off.MeasuredDelayMs!.Value, 14.5, 16);
            Assert.Contains("dc1-r1", failure.Message, StringComparison.Ordinal);
            Assert.Contains("OFF (delay)", failure.Message, StringComparison.Ordinal);
            Assert.Equal([false, true], measured.Select(r => r.Ok));
        }
        finally
        {
            await run.DisposeAsync();
        }
    }

    /// <summary>
    /// A long fat link too: its rate is measured with its delay set aside (TCP over 100 ms
    /// would measure TCP), and the delay is back once calibration is done.
    /// </summary>
    [Theory]
    [InlineData(200, 5)]
    [InlineData(1000, 5)]
    [InlineData(1000, 100)]
    public async Task Links_at_data_center_rates_calibrate(double rateMbps, double delayMs)
    {
        var run = RunDirectory.Create(Scratch.Root, "fast-calibration");
        try
        {
            var topology = new WanTopology
            {
                WanRouters = [new WanRouter("a"), new WanRouter("b")],
                Links = [new WanLink("a", "b", new LinkProperties(delayMs, BandwidthMbps: rateMbps))],
            };
            await using var wan = await WanNetwork.BuildAsync(run, topology, LinkEmulation.Userspace);

            var passed = await LinkCalibrator.CalibrateAsync(run, wan);

            output.WriteLine(LinkCalibrator.Table(passed));
            Assert.True(Assert.Single(passed).Ok, passed[0].ToString());
            Assert.Equal(topology.Links[0].Properties, wan.LinkSetting(0));
            // The median: the delay is a setting, and one echo a scheduling hiccup delayed (a
            // rehearsal saw one of three 4 ms over) says nothing about it.
            var after = await EchoProbe.RoundTripsMsAsync(wan.Node("a").Namespace, wan.Plan.Links[0].B, 5, TimeSpan.FromMilliseconds(10));
            Assert.Equal(5, after.Count);
            Assert.All(after, rtt => Assert.True(rtt >= 2 * delayMs, $"an echo came back in {rtt} ms, under the configured {2 * delayMs} ms"));
            var sorted = after.Order().ToList();
            Assert.InRange(sorted[NearestRank.Rank(sorted.Count, 0.5)], 2 * delayMs, TimingBound.CeilingMs(2 * delayMs));
        }
        finally
        {
            await run.DisposeAsync();
        }
    }
}
