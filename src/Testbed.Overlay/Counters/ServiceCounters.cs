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

    /// <summary>Counts <paramref name="packets"/> packets (the segments of an offloaded super-packet) of <paramref name="bytes"/> in all.</summary>
    public void Count(int bytes, bool local, int packets = 1)
    {
        Interlocked.Add(ref _packets, packets);
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Add(ref local ? ref _local : ref _tunnelled, packets);
    }

    public void Drop() => Interlocked.Increment(ref _drops);
}
