using System.Net;
using System.Net.Sockets;
using Testbed.Lab.Linux;
using Testbed.Lab.Runs;
using Testbed.Qemu.Host;
using Testbed.Qemu.Image;
using Testbed.TestSupport;
using Testbed.Workload.Protocol;

namespace Testbed.Qemu.Tests.Migration;

/// <summary>
/// A running guest in dc1 and an empty destination QEMU waiting in dc2, on a
/// <see cref="TwoDataCenterNetwork"/> whose data centers are joined at the given rate.
/// The user site's route points at dc1.
/// </summary>
internal sealed class MigrationPair : IAsyncDisposable
{
    public static readonly IPAddress Service = IPAddress.Parse("10.0.0.5");
    public const string ListenUri = "tcp:10.255.0.2:4444";
    public const string ConnectUri = "tcp:10.255.0.2:4444";

    private MigrationPair(RunDirectory run, TwoDataCenterNetwork network, QemuVm source, QemuVm destination)
    {
        Run = run;
        Network = network;
        Source = source;
        Destination = destination;
    }

    public RunDirectory Run { get; }

    public TwoDataCenterNetwork Network { get; }

    public QemuVm Source { get; }

    public QemuVm Destination { get; }

    public static async Task<MigrationPair> StartAsync(RuntimeRoot root, GuestImage image, long linkBitsPerSecond, params string[] guestArguments)
    {
        var run = RunDirectory.Create(root, UniqueName.Next("mig-"));
        var network = await TwoDataCenterNetwork.CreateAsync(run, UniqueName.Next("t")[..6], linkBitsPerSecond);
        QemuVmOptions Options(string name, int dc, string tap) => new(name, image)
        {
            Netns = network.DataCenterNamespaces[dc],
            Tap = tap,
            Mac = "52:54:00:00:00:05",
            KernelArguments = ["testbed.addr=10.0.0.5/24", "testbed.gw=10.0.0.1", "testbed.name=vm1", .. guestArguments],
        };

        var source = await QemuHost.StartAsync(run, Options("vm1-dc1", 0, await network.AddTapAsync(0, UniqueName.Next("tbtp"))));
        var destination = await QemuHost.StartAsync(run, Options("vm1-dc2", 1, await network.AddTapAsync(1, UniqueName.Next("tbtp"))) with { IncomingDeferred = true });
        await network.RouteServiceToAsync(Service, 0);
        await source.WaitUntilServingAsync(TimeSpan.FromSeconds(90));
        return new MigrationPair(run, network, source, destination);
    }

    /// <summary>A socket in the user site, from the user's address.</summary>
    public Socket UserSocket(SocketType type, ProtocolType protocol)
    {
        var socket = NamespaceSockets.Create(Network.UserNamespace, AddressFamily.InterNetwork, type, protocol);
        socket.Bind(new IPEndPoint(TwoDataCenterNetwork.UserAddress, 0));
        return socket;
    }

    /// <summary>A persistent request/response connection from the user site.</summary>
    public async Task<ServiceConnection> ConnectAsync()
    {
        var socket = UserSocket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(Service, ServicePorts.RequestResponse)).WaitAsync(TimeSpan.FromSeconds(30));
        return new ServiceConnection(socket);
    }

    public async ValueTask DisposeAsync()
    {
        await Destination.DisposeAsync();
        await Source.DisposeAsync();
        await Run.DisposeAsync();
    }
}
