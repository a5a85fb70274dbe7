namespace Testbed.Results.Records;

/// <summary>One WAN link of calibration.csv: its configured and measured one-way delay and bandwidth, and whether it passed.</summary>
/// <param name="Emulation">netem or userspace; null in runs recorded before calibration.csv said.</param>
public sealed record CalibrationRow(
    string Link,
    double ConfiguredDelayMs,
    double? MeasuredDelayMs,
    double? DelayP99Ms,
    double? DelayErrorMs,
    double DelayToleranceMs,
    double? ConfiguredMbps,
    double? MeasuredMbps,
    double? ThroughputRatio,
    bool Ok,
    string? Emulation);
