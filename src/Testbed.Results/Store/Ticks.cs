namespace Testbed.Results.Store;

/// <summary>An instant as 100 ns ticks since the Unix epoch: what a *_ticks column holds, exact where timestamptz keeps microseconds.</summary>
internal static class Ticks
{
    public static long Of(DateTimeOffset at) => (at - DateTimeOffset.UnixEpoch).Ticks;

    public static DateTimeOffset At(long ticks) => DateTimeOffset.UnixEpoch.AddTicks(ticks);
}
