using Testbed.Lab.Runs;
using Testbed.Qemu.Host;
using Testbed.Qemu.Image;

namespace Testbed.TestSupport;

/// <summary>
/// A VM started exactly as runs start one (<see cref="QemuHost"/>, from the guest image),
/// but paused (-S): it holds its devices and its QMP socket without using a core.
/// </summary>
public static class PausedQemu
{
    public static async Task<QemuVm> StartAsync(RunDirectory run, string name, string? netns = null, string? tap = null) =>
        await QemuHost.StartAsync(run, new QemuVmOptions(name, await GuestImageBuilder.BuildDefaultAsync(), MemoryMib: 64)
        {
            Netns = netns,
            Tap = tap,
            Paused = true,
        });
}
