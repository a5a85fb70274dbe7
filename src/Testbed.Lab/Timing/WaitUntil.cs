namespace Testbed.Lab.Timing;

/// <summary>
/// The one way the testbed waits for something that gives no sign but its state (a socket
/// file, a line on a console, a daemon that answers): look, and look again every interval,
/// until it is there, the time runs out, or the look itself fails. Time comes from a
/// <see cref="TimeProvider"/>, so a test can move it instead of waiting.
/// </summary>
public static class WaitUntil
{
    private static readonly object Done = new();

    /// <summary>
    /// The first value <paramref name="look"/> finds. When <paramref name="timeout"/> passes
    /// without one, the exception <paramref name="timedOut"/> makes is thrown; whatever
    /// <paramref name="look"/> throws (the thing waited for died, say) ends the wait at once.
    /// </summary>
    public static async Task<T> FoundAsync<T>(
        Func<CancellationToken, Task<T?>> look, TimeSpan timeout, TimeSpan interval, Func<Exception> timedOut,
        TimeProvider? time = null, CancellationToken cancellationToken = default)
        where T : class
    {
        time ??= TimeProvider.System;
        var started = time.GetTimestamp();
        while (true)
        {
            if (await look(cancellationToken) is { } found)
            {
                return found;
            }

            if (time.GetElapsedTime(started) >= timeout)
            {
                throw timedOut();
            }

            await Task.Delay(interval, time, cancellationToken);
        }
    }

    /// <summary>As <see cref="FoundAsync{T}"/>, for a condition.</summary>
    public static Task TrueAsync(
        Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, TimeSpan interval, Func<Exception> timedOut,
        TimeProvider? time = null, CancellationToken cancellationToken = default) =>
        FoundAsync(async token => await condition(token) ? Done : null, timeout, interval, timedOut, time, cancellationToken);
}
