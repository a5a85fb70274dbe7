using System.Diagnostics;
using Testbed.Workload.Records;

namespace Testbed.Client.Output;

/// <summary>
/// Record times: the wall clock is read once, at start, and advanced by the monotonic clock,
/// so that records never go back in time when NTP steps the clock, yet still compare with
/// other processes' wall-clock times.
/// </summary>
internal sealed class RecordClock
{
    private readonly long _anchorUnixMicroseconds = ClientRecord.ToUnixMicroseconds(DateTimeOffset.UtcNow);
    private readonly long _anchorTimestamp = Stopwatch.GetTimestamp();

    /// <summary>Microseconds since the Unix epoch of a <see cref="Stopwatch"/> timestamp.</summary>
    public long UnixMicroseconds(long timestamp) =>
        _anchorUnixMicroseconds + (Stopwatch.GetElapsedTime(_anchorTimestamp, timestamp).Ticks / (TimeSpan.TicksPerMillisecond / 1000));

    public long NowUnixMicroseconds() => UnixMicroseconds(Stopwatch.GetTimestamp());

    public static long Microseconds(TimeSpan duration) => duration.Ticks / (TimeSpan.TicksPerMillisecond / 1000);
}
