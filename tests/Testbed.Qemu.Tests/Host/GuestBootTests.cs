using System.Net;
using System.Net.Sockets;
using Testbed.Lab.Linux;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.Qemu.Host;
using Testbed.TestSupport;
using Testbed.Workload.Protocol;

namespace Testbed.Qemu.Tests.Host;

/// <summary>A real guest (TCG) on a data center's LAN inside a namespace, reached from that namespace.</summary>
public sealed class GuestBootTests(GuestImageFixture images) : ScratchRootTest, IClassFixture<GuestImageFixture>
{
    private static readonly TimeSpan BootBound = TimeSpan.FromSeconds(90);
    private static readonly IPAddress GuestAddress = IPAddress.Parse("10.0.0.5");

    private async Task<(RunDirectory Run, QemuVm Vm, string Netns)> BootAsync(params string[] kernelArguments)
    {
        var run = RunDirectory.Create(Scratch.Root, "boot");
        var netns = UniqueName.Next("tbdc");
        var bridge = UniqueName.Next("tbbr");
        var tap = UniqueName.Next("tbtp");
        await run.CreateNamespaceAsync(netns);
        await run.CreateBridgeAsync(bridge, netns);
        await IpRoute.AddAddressAsync(bridge, "10.0.0.1/24", netns);
        await run.CreateTapAsync(tap, netns, bridge);
        var vm = await QemuHost.StartAsync(run, new QemuVmOptions("vm1", images.Image)
        {
            Netns = netns,
            Tap = tap,
            Mac = "52:54:00:00:00:05",
            KernelArguments = ["testbed.addr=10.0.0.5/24", "testbed.gw=10.0.0.1", .. kernelArguments],
        });
        await vm.WaitUntilServingAsync(BootBound);
        return (run, vm, netns);
    }

    [Fact]
    public async Task A_QEMU_that_exits_at_start_says_why_and_leaves_no_process()
    {
        await using var run = RunDirectory.Create(Scratch.Root, "bad-start");
        var missing = images.Image with { Kernel = Path.Combine(Scratch.Root.Path, "no-such-vmlinuz") };

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => QemuHost.StartAsync(run, new QemuVmOptions("vm1", missing)));

        Assert.Contains("QEMU exited at start (exit code 1)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-vmlinuz", failure.Message, StringComparison.Ordinal);
        Assert.All(Directory.GetFiles(run.PidsPath), pidFile =>
            Assert.False(ProcessIdentity.TryParse(File.ReadAllText(pidFile), out var qemu) && qemu!.IsAlive, $"QEMU {pidFile} still runs"));
    }

    [Fact]
    public async Task A_booted_guest_answers_requests_with_its_counter_and_takes_control_lines()
    {
        var (run, vm, netns) = await BootAsync("testbed.name=vm1", "testbed.service_ms=1");
        try
        {
            using var socket = NamespaceSockets.Create(netns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(GuestAddress, ServicePorts.RequestResponse)).WaitAsync(TimeSpan.FromSeconds(30));
            await using var stream = new NetworkStream(socket);
            using var reader = new StreamReader(stream);
            await using var writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };

            var replies = new List<ServiceReply>();
            for (var i = 0; i < 3; i++)
            {
                await writer.WriteLineAsync("request");
                Assert.True(ServiceReply.TryParse(await reader.ReadLineAsync(), out var reply));
                replies.Add(reply!);
            }

            await writer.WriteLineAsync(ControlLine.SetName("replica-2"));
            Assert.Equal(ControlLine.Ok, await reader.ReadLineAsync());
            await writer.WriteLineAsync(ControlLine.SetDirtyRate(5));
            Assert.Equal(ControlLine.Ok, await reader.ReadLineAsync());
            await writer.WriteLineAsync("request");
            Assert.True(ServiceReply.TryParse(await reader.ReadLineAsync(), out var renamed));

            Assert.Equal([new("vm1", 1), new("vm1", 2), new("vm1", 3)], replies);
            Assert.Equal(new ServiceReply("replica-2", 4), renamed);
        }
        finally
        {
            await vm.DisposeAsync();
            await run.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_booted_guest_echoes_probes_and_keeps_its_qmp_socket_private()
    {
        var (run, vm, netns) = await BootAsync();
        try
        {
            using var socket = NamespaceSockets.Create(netns, AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(new IPEndPoint(GuestAddress, ServicePorts.ProbeEcho));
            var sent = new byte[ProbePacket.Size];
            new ProbePacket(42, 123456789).Write(sent);
            var received = new byte[64];

            // UDP may be lost while ARP settles; the probe is simply sent again, as the real probe does.
            var length = 0;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (length == 0 && DateTime.UtcNow < deadline)
            {
                await socket.SendAsync(sent);
                using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
                try
                {
                    length = await socket.ReceiveAsync(received, wait.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }

            Assert.True(ProbePacket.TryRead(received.AsSpan(0, length), out var echoed));
            Assert.Equal(new ProbePacket(42, 123456789), echoed);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(vm.QmpSocket));
            Assert.True((await vm.Qmp.QueryStatusAsync()).Running);
        }
        finally
        {
            await vm.DisposeAsync();
            await run.DisposeAsync();
        }
    }
}
