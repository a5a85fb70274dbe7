namespace Testbed.Guest.Services;

/// <summary>
/// The state that must survive a migration: the request counter and the name the VM
/// answers as. It lives only in guest memory, so a counter that continues proves the
/// memory moved.
/// </summary>
internal sealed class GuestState(string name, double dirtyMegabytesPerSecond)
{
    private long _count;

    public string Name { get; set; } = name;

    /// <summary>The network interface the service address is on; null when the guest runs as a plain process.</summary>
    public string? Interface { get; init; }

    public double DirtyMegabytesPerSecond { get; set; } = dirtyMegabytesPerSecond;

    public long CountRequest() => Interlocked.Increment(ref _count);
}
