using System.Net;
using Testbed.Lab.Runs;
using Testbed.Mechanisms.Guests;
using Testbed.Mechanisms.Mobility;
using Testbed.Network.Calibration;
using Testbed.Network.Wan;
using Testbed.Overlay.Table;
using Testbed.Qemu.Image;
using Testbed.TestSupport;
using Testbed.Topology;
using Testbed.Workload.Guests;
using Xunit.Abstractions;

namespace Testbed.Mechanisms.Tests.Guests;

/// <summary>Programs nobody here wrote, the distro's ping and iperf3, reach a real guest (TCG) through the overlay's tunnel (the kernel's, the entry being settled).</summary>
public sealed class UnmodifiedClientTests(ToolsImageFixture images, ITestOutputHelper output) : ScratchRootTest, IClassFixture<ToolsImageFixture>
{
    private static readonly GuestSpec Guest = new("vm1", IPAddress.Parse("10.0.0.2"), "52:54:00:00:00:02", MemoryMib: GuestMemory.ToolsMinimumMib);

    [Fact]
    public async Task Ping_and_iperf3_from_a_user_near_dc2_reach_a_guest_at_dc1_through_the_tunnel()
    {
        var run = RunDirectory.Create(Scratch.Root, "unmodified-clients");
        try
        {
            await using var wan = await WanNetwork.BuildAsync(run, ReferenceTopologies.TwoRegions());
            await using var routers = await OverlayRouters.StartAsync(run, wan);
            await using var guest = await WanGuest.StartAsync(run, wan, images.Image, Guest, "dc1");
            foreach (var router in routers.Clients)
            {
                await router.ReplaceAsync(new LocationEntry(Guest.Address.ToString(), 1, ["dc1"], Guest.Mac));
            }

            var near2 = wan.Node("near2").Namespace;
            Assert.Equal(5, (await PingProbe.RoundTripsMsAsync(near2, Guest.Address, 5, TimeSpan.FromMilliseconds(20))).Count);
            var bits = await IperfProbe.ClientAsync(near2, Guest.Address, TimeSpan.FromSeconds(2));
            var ingress = (await routers.Client("dc2").CountersAsync()).Totals;
            var tunnelled = ingress["kernel_tunnelled_bytes"];
            output.WriteLine($"iperf3 near2 -> guest at dc1 through dc2's router: {bits / 1e6:0.0} Mbit/s; dc2's kernel tunnelled {ingress["kernel_tunnelled"]} packets, {tunnelled} bytes");

            // A generous floor: a TCG guest behind a 44 ms round trip moves far more than 1 Mbit/s.
            Assert.True(bits > 1e6, $"iperf3 moved only {bits:0} bit/s");

            // The entry is settled: the bytes went through the kernel's tunnel, at 2 s of the measured rate a good part of them at least, and none woke the router.
            Assert.True(tunnelled > bits / 8 * 2 / 4, $"dc2's kernel tunnelled only {tunnelled} bytes");
            Assert.Equal(0, ingress["from_users"]);
        }
        finally
        {
            await run.DisposeAsync();
        }
    }
}
