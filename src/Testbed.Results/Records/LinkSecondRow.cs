namespace Testbed.Results.Records;

/// <summary>
/// One second of one direction of a user-space emulated link, ending at <see cref="TimeS"/>:
/// the frames it delivered and dropped, and how late its frames left against their due
/// time (median and 99th percentile, µs), and how long the emulator waited for a CPU each
/// time it could run (µs, on average). The second is off-spec when either exceeds the
/// link's calibration tolerance: late frames, or frames that sat unread while it waited.
/// </summary>
public sealed record LinkSecondRow(
    double TimeS, string Link, string Direction, long Frames, long Drops, double? LateP50Us, double? LateP99Us, double? WakeDelayUs, double ToleranceUs)
{
    public bool OffSpec => LateP50Us > ToleranceUs || WakeDelayUs > ToleranceUs;
}
