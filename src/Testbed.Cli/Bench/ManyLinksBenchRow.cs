namespace Testbed.Cli.Bench;

/// <summary>
/// <see cref="Links"/> separate links of one network, each of <see cref="RateMbps"/> and
/// <see cref="DelayMs"/>, every one carrying a flow of <see cref="Transport"/> ("udp", or
/// "tcp" paced to its share) at <see cref="LoadPct"/> of its rate at the same time, each
/// probed meanwhile. The worst link's one-way delay error (median
/// and p99, ms) and throughput ratio (received over offered), the rate all carried
/// together, and the emulator's CPU during the case: per Gbit carried, and in all (% of one
/// core over the case's wall time).
/// </summary>
internal sealed record ManyLinksBenchRow(
    int Links, string Transport, double RateMbps, double DelayMs, int LoadPct, double? WorstDelayErrorMedianMs, double? WorstDelayErrorP99Ms, double WorstThroughputRatio,
    double CarriedMbps, double? EmulatorCpuMsPerGbit, double? EmulatorCorePct);
