using Testbed.Network.Wan;

namespace Testbed.Network.Calibration;

/// <summary>One WAN link measured against its configuration.</summary>
/// <param name="MeasuredDelayMs">Half the median round trip over the link alone; null when no echo came back.</param>
/// <param name="DelayP99Ms">Half the 99th-percentile round trip.</param>
/// <param name="MeasuredMbps">What an overdriven iperf3 UDP burst delivered (payload); measured only on links with a bandwidth.</param>
/// <param name="Emulation">What shaped the link: netem or the user-space emulator.</param>
public sealed record LinkCalibration(
    int LinkIndex, string A, string B, double ConfiguredDelayMs, double? MeasuredDelayMs, double? DelayP99Ms,
    double? ConfiguredMbps, double? MeasuredMbps, LinkEmulation Emulation)
{
    /// <summary>The bound: a link is off when its delay errs by more than max(0.3 ms, 3%).</summary>
    public double DelayToleranceMs => DelayToleranceMsFor(ConfiguredDelayMs);

    /// <summary>How far a link of <paramref name="delayMs"/> may be off and still be the link the experiment asked for.</summary>
    public static double DelayToleranceMsFor(double delayMs) => Math.Max(0.3, 0.03 * delayMs);

    public const double BandwidthTolerance = 0.10;

    public double? DelayErrorMs => MeasuredDelayMs - ConfiguredDelayMs;

    public double? ThroughputRatio => MeasuredMbps / ConfiguredMbps;

    public bool DelayOk => DelayErrorMs is { } error && Math.Abs(error) <= DelayToleranceMs;

    public bool BandwidthOk => ConfiguredMbps is null || (ThroughputRatio is { } ratio && Math.Abs(ratio - 1) <= BandwidthTolerance);

    public bool Ok => DelayOk && BandwidthOk;

    public string Name => $"{A}-{B}";

    public string EmulationName => Emulation.ToString().ToLowerInvariant();
}
