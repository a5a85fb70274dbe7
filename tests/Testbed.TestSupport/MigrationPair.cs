using System.Net;
using System.Net.Sockets;
using Testbed.Lab.Linux;
using Testbed.Lab.Runs;
using Testbed.Qemu.Host;
using Testbed.Qemu.Image;
using Testbed.Qemu.Migration;
using Testbed.Workload.Guests;
using Testbed.Workload.Protocol;

namespace Testbed.TestSupport;

/// <summary>
/// The standard migration scenario of the QEMU tests: a
/// running guest in dc1 and an empty destination QEMU waiting in dc2, on a
/// <see cref="TwoDataCenterNetwork"/> whose data centers are joined at the given rate.
/// The user site's route points at dc1; the switch-over moves it to dc2.
/// </summary>
public sealed class MigrationPair : IAsyncDisposable
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

    /// <param name="memoryMib">The guest's memory.</param>
    /// <param name="dirtyMegabytesPerSecond">The guest's memory-dirtying load from boot on.</param>
    public static async Task<MigrationPair> StartAsync(
        RuntimeRoot root, GuestImage image, long linkBitsPerSecond, int memoryMib = 128, double dirtyMegabytesPerSecond = 0, Accelerator accel = Accelerator.Tcg)
    {
        var tag = Guid.NewGuid().ToString("N")[..5];
        var run = RunDirectory.Create(root, "migration-" + tag);
        var network = await TwoDataCenterNetwork.CreateAsync(run, "m" + tag, linkBitsPerSecond);
        QemuVmOptions Options(string name, int dc, string tap) => new(name, image, accel, memoryMib)
        {
            Netns = network.DataCenterNamespaces[dc],
            Tap = tap,
            Mac = "52:54:00:00:00:05",
            KernelArguments = new GuestSettings
            {
                Address = IPAddress.Parse("10.0.0.5"),
                PrefixLength = 24,
                Gateway = IPAddress.Parse("10.0.0.1"),
                Name = "vm1",
                DirtyMegabytesPerSecond = dirtyMegabytesPerSecond,
                DirtyMebibytes = GuestSettings.DirtyMebibytesFor(memoryMib),
            }.ToKernelArguments(),
        };

        QemuVm? source = null;
        QemuVm? destination = null;
        try
        {
            source = await QemuHost.StartAsync(run, Options("vm1-dc1", 0, await network.AddTapAsync(0, $"m{tag}-t1")));
            destination = await QemuHost.StartAsync(run, Options("vm1-dc2", 1, await network.AddTapAsync(1, $"m{tag}-t2")) with { IncomingDeferred = true });
            await network.RouteServiceToAsync(Service, 0);
            await source.WaitUntilServingAsync(TimeSpan.FromSeconds(90));
            return new MigrationPair(run, network, source, destination);
        }
        catch
        {
            // Nobody owns the run yet: take down what was started, so a failed start leaks nothing.
            if (destination is not null)
            {
                await destination.DisposeAsync();
            }

            if (source is not null)
            {
                await source.DisposeAsync();
            }

            await run.DisposeAsync();
            throw;
        }
    }

    /// <summary>A socket in the user site, from the user's address.</summary>
    public Socket UserSocket(SocketType type, ProtocolType protocol)
    {
        var socket = NamespaceSockets.Create(Network.UserNamespace, AddressFamily.InterNetwork, type, protocol);
        socket.Bind(new IPEndPoint(TwoDataCenterNetwork.UserAddress, 0));
        return socket;
    }

    /// <summary>A UDP socket in the user site connected to the guest's probe echo.</summary>
    public Socket ProbeSocket()
    {
        var socket = UserSocket(SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(new IPEndPoint(Service, ServicePorts.ProbeEcho));
        return socket;
    }

    /// <summary>Migrates the guest to dc2, switching the user's route inside the pause.</summary>
    public Task<MigrationRecord> MigrateAsync(MigrationSettings settings, CancellationToken cancellationToken = default) =>
        LiveMigration.RunAsync(Source, Destination, ListenUri, ConnectUri, settings, ct => Network.RouteServiceToAsync(Service, 1, ct), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Destination.DisposeAsync();
        await Source.DisposeAsync();
        await Run.DisposeAsync();
    }
}
