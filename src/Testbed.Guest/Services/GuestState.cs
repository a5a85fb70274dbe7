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

    private readonly object _dirtyRateLock = new();
    private double _dirtyMegabytesPerSecond = dirtyMegabytesPerSecond;

    public double DirtyMegabytesPerSecond
    {
        get => Volatile.Read(ref _dirtyMegabytesPerSecond);
        set
        {
            lock (_dirtyRateLock)
            {
                _dirtyMegabytesPerSecond = value;
                Monitor.PulseAll(_dirtyRateLock);
            }
        }
    }

    /// <summary>Blocks while the dirty rate is zero: an idle dirtier must not wake the guest's vCPU at all.</summary>
    public void WaitUntilDirtying()
    {
        lock (_dirtyRateLock)
        {
            while (_dirtyMegabytesPerSecond <= 0)
            {
                Monitor.Wait(_dirtyRateLock);
            }
        }
    }

    public long CountRequest() => Interlocked.Increment(ref _count);
}
