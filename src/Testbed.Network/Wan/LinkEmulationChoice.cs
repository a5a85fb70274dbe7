using Testbed.Lab.Doctor;
using Testbed.Lab.Runs;
using Testbed.Network.Netem;

namespace Testbed.Network.Wan;

/// <summary>What a requested link emulation becomes on this machine.</summary>
public static class LinkEmulationChoice
{
    /// <summary>
    /// <see cref="LinkEmulation.Auto"/> is netem where the kernel has it, the user-space emulator
    /// elsewhere: netem costs the guests no CPU, where the user-space emulator's threads take
    /// a share of the cores they need. The netem path is verified on a kernel that has it (the
    /// suite runs its exact commands in a guest of the guest kernel: delay, jitter in order,
    /// loss, a cut, rate, the in-flight limit, changes), and its plumbing on ours. Netem asked
    /// for by name on a kernel without it is refused, never quietly replaced.
    /// </summary>
    public static async Task<LinkEmulation> ResolveAsync(LinkEmulation requested, RunDirectory run, CancellationToken cancellationToken = default)
    {
        if (requested == LinkEmulation.Userspace)
        {
            return LinkEmulation.Userspace;
        }

        return (await NetemProbe.RunAsync(run, cancellationToken)).Works ? LinkEmulation.Netem
            : requested == LinkEmulation.Auto ? LinkEmulation.Userspace
            : throw new InvalidOperationException("link emulation 'netem' was asked for, but this kernel has no netem (sch_netem); use 'userspace' or 'auto'");
    }
}
