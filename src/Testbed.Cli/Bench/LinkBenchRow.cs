namespace Testbed.Cli.Bench;

/// <summary>
/// One link case: the one-way delay error (half the round trip, less the configured delay)
/// while the link of <see cref="RateMbps"/> carries <see cref="LoadPct"/> of it, and the
/// throughput ratio: at 0% load a flow offered above the link's rate (received over
/// configured), under load the UDP load flow (received over offered). <see cref="CpuBusy"/>
/// processes spun on the CPU meanwhile (0 on a quiet host).
/// The emulator's own part: the CPU its threads took during the case (null under netem,
/// which is the kernel's), per 10,000 frames and per Gbit carried, and how late its frames
/// left against their due time: on average during the case, its median and 99th percentile
/// (<see cref="CaseLateness"/>: the emulator's own error, where the delay error under load
/// also holds the load's queue), and the earliest any left since the link was built
/// (negative: early).
/// </summary>
internal sealed record LinkBenchRow(
    double DelayMs, double RateMbps, int LoadPct, int CpuBusy, double? DelayErrorMedianMs, double? DelayErrorP99Ms, double? ThroughputRatio,
    double? EmulatorCpuMsPer10kFrames, double? EmulatorCpuMsPerGbit, double? MeanLatenessUs, double? LatenessP50Us, double? LatenessP99Us, double? EarliestUs);
