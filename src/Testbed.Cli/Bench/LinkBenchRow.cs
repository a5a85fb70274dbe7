namespace Testbed.Cli.Bench;

/// <summary>
/// One link case: the one-way delay error (half the round trip, less the configured delay)
/// while the link carries <see cref="LoadPct"/> of its bandwidth, and the throughput ratio:
/// at 0% load a UDP flow offered above the link's rate (received over configured), under load
/// the UDP load flow (received over offered). <see cref="CpuBusy"/> processes spun on the
/// CPU meanwhile (0 on a quiet host).
/// </summary>
internal sealed record LinkBenchRow(double DelayMs, int LoadPct, int CpuBusy, double? DelayErrorMedianMs, double? DelayErrorP99Ms, double? ThroughputRatio);
