namespace Testbed.Network.Emulation;

/// <summary>
/// What one direction of an emulated link did: frames delivered, dropped by the queue or a
/// down link, lost at random, how late deliveries were in total, and the earliest any left
/// against its due time (negative: early, by at most the emulator's stated allowance; null
/// before the first).
/// </summary>
/// <param name="Delivered">Frames the emulator wrote; a segmentation-offload frame of many segments is one.</param>
/// <param name="DeliveredWireFrames">The frames a wire would have carried for them: each offloaded segment counts.</param>
/// <param name="DeliveredBytes">Their bytes on the wire, Ethernet header included (no preamble or checksum): each segment repeats the headers, as on a wire.</param>
public sealed record LinkCounters(long Delivered, long DeliveredWireFrames, long DeliveredBytes, long Dropped, long Lost, long TotalLatenessNs, long? EarliestNs)
{
    public double MeanLatenessUs => Delivered == 0 ? 0 : TotalLatenessNs / 1000.0 / Delivered;
}
