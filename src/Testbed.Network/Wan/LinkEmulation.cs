namespace Testbed.Network.Wan;

/// <summary>Who shapes the WAN links: the kernel's netem or the testbed's user-space emulator.</summary>
public enum LinkEmulation
{
    /// <summary>netem where the kernel has it, else the user-space emulator: see <see cref="LinkEmulationChoice.ResolveAsync"/>.</summary>
    Auto,

    /// <summary>The kernel's netem, one qdisc per link end (see Netem/NetemCommands).</summary>
    Netem,

    Userspace,
}
