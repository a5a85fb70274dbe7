namespace Testbed.Network.Wan;

/// <summary>Who shapes the WAN links: the kernel's netem (through Mininet's TCLink) or the testbed's user-space emulator.</summary>
public enum LinkEmulation
{
    /// <summary>netem where the kernel has it, the user-space emulator otherwise.</summary>
    Auto,

    Netem,

    Userspace,
}
