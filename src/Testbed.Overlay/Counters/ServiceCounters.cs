namespace Testbed.Overlay.Counters;

/// <summary>One service address's packets and bytes at this router, by where they went, and its drops.</summary>
public sealed class ServiceCounters
{
    private long _packets;
    private long _bytes;
    private long _local;
    private long _tunnelled;
    private long _drops;

    public long Packets => Interlocked.Read(ref _packets);

    public long Bytes => Interlocked.Read(ref _bytes);

    public long DeliveredLocally => Interlocked.Read(ref _local);

    public long Tunnelled => Interlocked.Read(ref _tunnelled);

    public long Drops => Interlocked.Read(ref _drops);

    public void Count(int bytes, bool local)
    {
        Interlocked.Increment(ref _packets);
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Increment(ref local ? ref _local : ref _tunnelled);
    }

    public void Drop() => Interlocked.Increment(ref _drops);
}
