namespace Testbed.Network.Emulation;

/// <summary>
/// One second of one direction of an emulated link, as the emulator saw it: the frames it
/// delivered and dropped (queue, down link or random loss), and how late its frames left
/// against their due time, median and 99th percentile (null without frames).
/// <see cref="WakeDelayUs"/> is how long, on average, the emulator's thread waited for a
/// CPU each time it had become runnable in that second: a frame that came while it waited
/// sat unread, later than its lateness shows, so a starved emulator shows here.
/// <see cref="EndNs"/> is the end of the second on the monotonic clock, and
/// <see cref="DelayMs"/> the direction's configured delay then, which its tolerance is of.
/// </summary>
public sealed record LinkSecond(
    string Link, string Direction, long EndNs, long Frames, long Drops, double? LateP50Us, double? LateP99Us, double? WakeDelayUs, double DelayMs);
