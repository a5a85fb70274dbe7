namespace Testbed.Network.Emulation;

/// <summary>What one direction of an emulated link did: frames delivered, dropped by the queue or a down link, lost at random, and how late deliveries were in total.</summary>
public sealed record LinkCounters(long Delivered, long DeliveredBytes, long Dropped, long Lost, long TotalLatenessNs)
{
    public double MeanLatenessUs => Delivered == 0 ? 0 : TotalLatenessNs / 1000.0 / Delivered;
}
