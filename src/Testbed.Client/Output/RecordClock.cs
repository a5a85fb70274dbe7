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
    private readonly long _anchorUnixMicroseconds;
    private readonly long _anchorTimestamp;

    public RecordClock()
    {
        // The two clocks are read back to back, and converted after: the first call of the
        // conversion is compiled then (tiered compilation is off), and between the readings
        // it put every record about 0.14 ms early against other processes' clocks.
        var wall = DateTimeOffset.UtcNow;
        _anchorTimestamp = Stopwatch.GetTimestamp();
        _anchorUnixMicroseconds = ClientRecord.ToUnixMicroseconds(wall);
    }

    /// <summary>Microseconds since the Unix epoch of a <see cref="Stopwatch"/> timestamp.</summary>
    public long UnixMicroseconds(long timestamp) =>
        _anchorUnixMicroseconds + (Stopwatch.GetElapsedTime(_anchorTimestamp, timestamp).Ticks / (TimeSpan.TicksPerMillisecond / 1000));

    public long NowUnixMicroseconds() => UnixMicroseconds(Stopwatch.GetTimestamp());

    public static long Microseconds(TimeSpan duration) => duration.Ticks / (TimeSpan.TicksPerMillisecond / 1000);
}
