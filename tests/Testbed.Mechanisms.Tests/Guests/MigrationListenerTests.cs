using System.Net;
using System.Net.Sockets;
using Testbed.Lab.Linux;
using Testbed.Lab.Runs;
using Testbed.Mechanisms.Guests;
using Testbed.Network.Wan;
using Testbed.TestSupport;
using Testbed.Topology;

namespace Testbed.Mechanisms.Tests.Guests;

/// <summary>The destination host's migration port, on a real emulated WAN: a listener where QEMU's would be.</summary>
public sealed class MigrationListenerTests : ScratchRootTest
{
    [Fact]
    public async Task The_migration_port_takes_connections_from_the_source_host_only()
    {
        var run = RunDirectory.Create(Scratch.Root, "listener");
        try
        {
            await using var wan = await WanNetwork.BuildAsync(run, ReferenceTopologies.TwoRegions());
            var uri = await WanGuest.MigrationListenerAsync(wan, "dc2", "dc1");
            var destination = wan.Plan.DataCenter("dc2").Hosts[0];
            Assert.Equal($"tcp:{destination}:{WanGuest.MigrationPort}", uri);
            using var listener = NamespaceSockets.Create(wan.Node(WanNetwork.HostName("dc2", 0)).Namespace, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(destination, WanGuest.MigrationPort));
            listener.Listen();

            Assert.True(await ConnectsAsync(wan.Node(WanNetwork.HostName("dc1", 0)).Namespace, destination));
            Assert.False(await ConnectsAsync(wan.Node("near1").Namespace, destination));

            // Asked again (the next migration), the rule is replaced, not added to.
            await WanGuest.MigrationListenerAsync(wan, "dc2", "dc1");
            Assert.True(await ConnectsAsync(wan.Node(WanNetwork.HostName("dc1", 0)).Namespace, destination));
        }
        finally
        {
            await run.DisposeAsync();
        }
    }

    /// <summary>Whether a connection from <paramref name="netns"/> is accepted within two seconds: a dropped SYN is never answered.</summary>
    private static async Task<bool> ConnectsAsync(string netns, IPAddress destination)
    {
        using var client = NamespaceSockets.Create(netns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(new IPEndPoint(destination, WanGuest.MigrationPort), patience.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
