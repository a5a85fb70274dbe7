using Testbed.Qemu.Image;

namespace Testbed.Qemu.Host;

/// <summary>One QEMU VM as the testbed starts it. Source and destination of a migration must agree on everything but <see cref="IncomingDeferred"/>.</summary>
/// <param name="Name">Names the process, its pid file, its QMP socket and its serial log; letters, digits, '-', '_', '.'.</param>
/// <param name="Accel">KVM only where a guest kernel was found to boot under it, else TCG.</param>
public sealed record QemuVmOptions(string Name, GuestImage Image, Accelerator Accel = Accelerator.Tcg, int MemoryMib = 128, int Vcpus = 1)
{
    /// <summary>The namespace QEMU runs in (a data center's hypervisor host); null for the root namespace.</summary>
    public string? Netns { get; init; }

    /// <summary>An existing tap in <see cref="Netns"/>, on the data center's LAN bridge.</summary>
    public string? Tap { get; init; }

    public string? Mac { get; init; }

    /// <summary>testbed.* words for the guest (see testbed-guest).</summary>
    public IReadOnlyList<string> KernelArguments { get; init; } = [];

    /// <summary>
    /// Where the guest's console is written, such as the run's results folder, so it
    /// outlives the run; null keeps it with QEMU's own output in the run's logs.
    /// </summary>
    public string? ConsoleLog { get; init; }

    /// <summary>Start with the CPUs stopped (-S).</summary>
    public bool Paused { get; init; }

    /// <summary>Wait for an incoming migration (-incoming defer, then migrate-incoming over QMP).</summary>
    public bool IncomingDeferred { get; init; }

    /// <summary>
    /// Give the guest a second serial port wired to a Unix socket (mode 0600) on the host:
    /// the agent channel (<see cref="GuestAgent"/>). Source and destination of a migration
    /// must agree, as on every device.
    /// </summary>
    public bool Agent { get; init; }
}
