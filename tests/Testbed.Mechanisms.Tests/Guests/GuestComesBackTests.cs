using System.Net;
using Testbed.Lab.Linux;
using Testbed.Lab.Runs;
using Testbed.Mechanisms.Guests;
using Testbed.Topology;
using Testbed.Network.Wan;
using Testbed.TestSupport;

namespace Testbed.Mechanisms.Tests.Guests;

/// <summary>A guest that left a host (it migrated away, or its replica was dropped) can be started there again: a migration there and back.</summary>
public sealed class GuestComesBackTests(GuestImageFixture images) : ScratchRootTest, IClassFixture<GuestImageFixture>
{
    private static readonly GuestSpec Guest = new("vm1", IPAddress.Parse("10.0.0.2"), "52:54:00:00:00:02", MemoryMib: 96);

    [Fact]
    public async Task A_guest_stopped_on_its_host_leaves_no_tap_and_starts_there_again()
    {
        var run = RunDirectory.Create(Scratch.Root, "guest-comes-back");
        try
        {
            await using var wan = await WanNetwork.BuildAsync(run, ReferenceTopologies.TwoRegions());
            var host = wan.Node(WanNetwork.HostName("dc1", 0)).Namespace;
            var first = await WanGuest.StartAsync(run, wan, images.Image, Guest, "dc1");
            Assert.True(await IpRoute.LinkExistsAsync(WanGuest.TapName(Guest), host));

            await WanGuest.StopAsync(first);

            Assert.True(first.Process.HasExited);
            Assert.False(await IpRoute.LinkExistsAsync(WanGuest.TapName(Guest), host));
            var again = await WanGuest.StartAsync(run, wan, images.Image, Guest, "dc1", incoming: true);
            try
            {
                Assert.False(again.Process.HasExited);
                Assert.True(await IpRoute.LinkExistsAsync(WanGuest.TapName(Guest), host));
            }
            finally
            {
                await WanGuest.StopAsync(again);
            }
        }
        finally
        {
            await run.DisposeAsync();
        }
    }
}
