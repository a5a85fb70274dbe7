namespace Testbed.Workload.Guests;

/// <summary>
/// The least memory a testbed guest boots and serves in. The experiment loader refuses less
/// where the file says it, and the QEMU host refuses less before it boots anything.
/// </summary>
public static class GuestMemory
{
    /// <summary>
    /// The default image. Measured with Debian 12's cloud kernel on q35: 64 MiB resets while
    /// the kernel loads, 72 MiB panics, 96 MiB serves.
    /// </summary>
    public const int MinimumMib = 96;

    /// <summary>
    /// The tools image, whose rootfs (in guest RAM) carries iperf3 and libcrypto, 5.8 MB more:
    /// a 96 MiB guest with its dirtying load then ran out of memory.
    /// </summary>
    public const int ToolsMinimumMib = 128;
}
