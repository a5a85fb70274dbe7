namespace Testbed.Overlay.Forwarding;

/// <summary>A flow's pinned data center and traffic; the data path updates it without locks.</summary>
public sealed class FlowState(string dataCenter, long nowTicks)
{
    private long _packets;
    private long _bytes;
    private long _lastSeenTicks = nowTicks;

    public string DataCenter { get; set; } = dataCenter;

    public long Packets => Interlocked.Read(ref _packets);

    public long Bytes => Interlocked.Read(ref _bytes);

    public long LastSeenTicks => Interlocked.Read(ref _lastSeenTicks);

    public void Count(int bytes, long nowTicks)
    {
        Interlocked.Increment(ref _packets);
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Exchange(ref _lastSeenTicks, nowTicks);
    }
}
