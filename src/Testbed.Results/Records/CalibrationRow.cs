namespace Testbed.Results.Records;

/// <summary>One WAN link of calibration.csv: its configured and measured one-way delay and bandwidth, and whether it passed.</summary>
/// <param name="Index">The link's place in the topology's list of links.</param>
/// <param name="Emulation">netem or userspace; null in runs recorded before calibration.csv said.</param>
/// <param name="MeasuredDelayMs">Half the median round trip over the link alone; null when no echo came back.</param>
/// <param name="DelayP99Ms">Half the 99th-percentile round trip.</param>
/// <param name="MeasuredMbps">What an overdriven iperf3 UDP burst delivered (payload); measured only on links with a bandwidth.</param>
public sealed record CalibrationRow(
    int Index,
    string A,
    string B,
    string? Emulation,
    double ConfiguredDelayMs,
    double? MeasuredDelayMs,
    double? DelayP99Ms,
    double? DelayErrorMs,
    double DelayToleranceMs,
    double? ConfiguredMbps,
    double? MeasuredMbps,
    double? ThroughputRatio,
    bool Ok)
{
    /// <summary>"a-b": how reports and the database name the link.</summary>
    public string Link => $"{A}-{B}";
}
