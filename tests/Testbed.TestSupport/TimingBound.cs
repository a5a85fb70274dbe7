namespace Testbed.TestSupport;

/// <summary>
/// The ceiling a test puts on a measured delay. A test checks that the emulation adds the
/// configured delay and not much more; the fine tolerances are for `testbed bench links`
/// to measure, because a CI machine under load wakes any thread late now and then.
/// </summary>
public static class TimingBound
{
    /// <summary>Lateness a test allows on top of a configured delay, at the least.</summary>
    public const double AllowanceMs = 1.5;

    /// <summary>The highest measured value a test accepts for <paramref name="configuredMs"/>.</summary>
    public static double CeilingMs(double configuredMs) => configuredMs + Math.Max(AllowanceMs, 0.1 * configuredMs);
}
