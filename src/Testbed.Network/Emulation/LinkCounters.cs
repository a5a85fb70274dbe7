namespace Testbed.Network.Emulation;

/// <summary>
/// What one direction of an emulated link did: frames delivered, dropped by the queue or a
/// down link, lost at random, how late deliveries were in total, and the earliest any left
/// against its due time (negative: early, by at most the emulator's stated allowance; null
/// before the first).
/// </summary>
public sealed record LinkCounters(long Delivered, long DeliveredBytes, long Dropped, long Lost, long TotalLatenessNs, long? EarliestNs)
{
    public double MeanLatenessUs => Delivered == 0 ? 0 : TotalLatenessNs / 1000.0 / Delivered;
}
