using System.Globalization;
using Testbed.Lab.Linux;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.Network.Wan;
using Testbed.Qemu.Host;
using Testbed.Qemu.Image;
using Testbed.Workload.Guests;

namespace Testbed.Mechanisms.Guests;

/// <summary>
/// Puts QEMU VMs on a data center's hypervisor host of an emulated WAN: the VM's NIC is a
/// tap on the host's LAN bridge, and the data center router's anycast gateway is its default
/// gateway, the same address and MAC in every data center, so a migrated VM needs no change.
/// </summary>
public static class WanGuest
{
    /// <summary>The port a destination QEMU listens on for an incoming migration, on its host's address.</summary>
    public const int MigrationPort = 4444;

    /// <summary>
    /// Starts the guest on host <paramref name="host"/> of <paramref name="dataCenter"/>;
    /// with <paramref name="incoming"/>, an empty QEMU waiting for a migration instead.
    /// The guest takes <paramref name="addressing"/>, by default its service address behind
    /// the anycast gateway. Every guest has the agent channel, so that source and
    /// destination always agree on the devices.
    /// </summary>
    public static async Task<QemuVm> StartAsync(
        RunDirectory run, WanNetwork wan, GuestImage image, GuestSpec guest, string dataCenter, int host = 0, bool incoming = false,
        GuestAddressing? addressing = null, Accelerator accel = Accelerator.Tcg, CancellationToken cancellationToken = default)
    {
        addressing ??= ServiceAddressing(wan, guest);
        var hostNode = wan.Node(WanNetwork.HostName(dataCenter, host));
        var instance = InstanceName(guest.Name, dataCenter);

        var tap = TapName(guest);
        await run.CreateTapAsync(tap, hostNode.Namespace, WanNetwork.HostBridge, cancellationToken);
        var options = new QemuVmOptions(instance, image, accel, guest.MemoryMib, guest.Vcpus)
        {
            Netns = hostNode.Namespace,
            Tap = tap,
            Mac = guest.Mac,
            IncomingDeferred = incoming,
            Agent = true,
            KernelArguments = new GuestSettings
            {
                Address = addressing.Address,
                PrefixLength = addressing.PrefixLength,
                Gateway = addressing.Gateway,
                Name = guest.Name,
                DirtyMegabytesPerSecond = guest.DirtyMegabytesPerSecond,
                DirtyMebibytes = GuestSettings.DirtyMebibytesFor(guest.MemoryMib),
                ServiceTime = TimeSpan.FromMilliseconds(guest.ServiceTimeMs),
            }.ToKernelArguments(),
        };
        var vm = await QemuHost.StartAsync(run, options, cancellationToken);
        if (!incoming)
        {
            try
            {
                await vm.WaitUntilServingAsync(TimeSpan.FromSeconds(90), cancellationToken);
            }
            catch
            {
                await vm.DisposeAsync();
                throw;
            }
        }

        return vm;
    }

    /// <summary>
    /// Stops a guest started by <see cref="StartAsync"/> and removes its tap, so that the
    /// guest can come back to this host later (a migration there and back, a replica
    /// dropped and made again): the tap's name is the guest's, and a second one of that
    /// name cannot be made beside it.
    /// </summary>
    public static async Task StopAsync(QemuVm vm, CancellationToken cancellationToken = default)
    {
        await vm.DisposeAsync();
        if (vm.Options.Tap is { } tap && await IpRoute.LinkExistsAsync(tap, vm.Options.Netns, cancellationToken))
        {
            await IpRoute.DeleteLinkAsync(tap, vm.Options.Netns, cancellationToken);
        }
    }

    /// <summary>The QEMU's name (its process, pid file and log) for the guest in that data center.</summary>
    public static string InstanceName(string guest, string dataCenter) => $"{guest}-{dataCenter}";

    /// <summary>The guest's NIC on its host. Tap names are per namespace; one VM instance per host and guest name.</summary>
    public static string TapName(GuestSpec guest) => ("t" + guest.Name)[..Math.Min(15, guest.Name.Length + 1)];

    /// <summary>The guest's own service address, on the service block, behind the anycast gateway of whichever data center it is in.</summary>
    public static GuestAddressing ServiceAddressing(WanNetwork wan, GuestSpec guest) =>
        new(guest.Address, wan.Plan.Blocks.Services.PrefixLength, wan.Plan.ServiceGateway);

    /// <summary>Where the destination listens and the source connects: the destination host's own address, across the WAN.</summary>
    public static string MigrationUri(WanNetwork wan, string dataCenter, int host = 0) =>
        $"tcp:{wan.Plan.DataCenter(dataCenter).Hosts[host]}:{MigrationPort}";

    /// <summary>
    /// The destination's migration listener as one migration needs it: its host's firewall
    /// takes the migration port from the source host's address alone, so that nothing else
    /// on the emulated network can feed the waiting QEMU a stream. Returns the URI.
    /// </summary>
    public static async Task<string> MigrationListenerAsync(WanNetwork wan, string destination, string source, CancellationToken cancellationToken = default)
    {
        var netns = wan.Node(WanNetwork.HostName(destination, 0)).Namespace;
        var sourceHost = wan.Plan.DataCenter(source).Hosts[0].ToString();
        var port = MigrationPort.ToString(CultureInfo.InvariantCulture);
        string[] jump = ["INPUT", "-p", "tcp", "--dport", port, "-j", MigrationChain];
        Task<CommandResult> Iptables(params string[] arguments) => CommandRunner.RunCheckedAsync("ip", ["netns", "exec", netns, "iptables", .. arguments], cancellationToken);
        if (!(await CommandRunner.RunAsync("ip", ["netns", "exec", netns, "iptables", "-C", .. jump], TimeSpan.FromSeconds(10), cancellationToken)).Succeeded)
        {
            await Iptables("-N", MigrationChain);
            await Iptables(["-I", .. jump]);
        }

        await Iptables("-F", MigrationChain);
        await Iptables("-A", MigrationChain, "-s", sourceHost, "-j", "RETURN");
        await Iptables("-A", MigrationChain, "-j", "DROP");
        return MigrationUri(wan, destination);
    }

    /// <summary>The destination host's firewall chain that lets only the current migration's source reach the migration port.</summary>
    public const string MigrationChain = "migration-source";
}
