namespace Testbed.Network.Emulation;

/// <summary>
/// Decides, for each packet entering one direction of a link, whether it is lost and
/// when it leaves, as tbf then netem would: the packet waits for the rate limiter behind
/// those before it (a queue of <see cref="LinkShape.QueuePackets"/>, beyond which it is
/// dropped), is serialized at the link rate, then travels for the delay plus jitter. The
/// order of packets is kept. One thread calls it; the shape may be replaced at any time.
/// </summary>
internal sealed class PacketScheduler(LinkShape shape, int seed)
{
    private readonly Random _random = new(seed);
    private readonly Queue<(long EndNs, int Frames)> _serializationEnds = new();
    private int _queuedFrames;
    private LinkShape _shape = shape;
    private long _lastSerializationEndNs = long.MinValue;
    private long _lastDepartureNs = long.MinValue;

    public LinkShape Shape
    {
        get => Volatile.Read(ref _shape);
        set => Volatile.Write(ref _shape, value);
    }

    public long Dropped { get; private set; }

    public long Lost { get; private set; }

    /// <summary>
    /// When the packet of <paramref name="bytes"/> arriving at <paramref name="nowNs"/> is
    /// delivered, or null when it never is. A segmentation-offload packet is
    /// <paramref name="frames"/> frames on the wire: it takes that many places in the queue.
    /// </summary>
    public long? Admit(long nowNs, int bytes, int frames = 1)
    {
        var shape = Shape;
        if (!shape.Up)
        {
            Dropped++;
            return null;
        }

        while (_serializationEnds.TryPeek(out var serialized) && serialized.EndNs <= nowNs)
        {
            _queuedFrames -= _serializationEnds.Dequeue().Frames;
        }

        long sentNs = nowNs;
        if (shape.BandwidthMbps is { } mbps)
        {
            // Packets still being serialized or waiting for it: the tbf queue.
            if (_queuedFrames + frames > Math.Max(shape.QueuePackets, frames))
            {
                Dropped++;
                return null;
            }

            var serializationNs = (long)(bytes * 8 * 1000 / mbps);
            sentNs = Math.Max(nowNs, _lastSerializationEndNs) + serializationNs;
            _lastSerializationEndNs = sentNs;
            _serializationEnds.Enqueue((sentNs, frames));
            _queuedFrames += frames;
        }

        // netem draws loss before the delay; a lost packet still took its turn on the wire.
        if (shape.LossPercent > 0 && _random.NextDouble() * 100 < shape.LossPercent)
        {
            Lost++;
            return null;
        }

        var jitterNs = shape.JitterMs > 0 ? (long)(((_random.NextDouble() * 2) - 1) * shape.JitterMs * 1_000_000) : 0;
        var departureNs = Math.Max(sentNs + (long)(shape.DelayMs * 1_000_000) + jitterNs, _lastDepartureNs);
        _lastDepartureNs = departureNs;
        return departureNs;
    }
}
