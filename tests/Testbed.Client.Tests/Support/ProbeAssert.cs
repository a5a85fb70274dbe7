using Testbed.Workload.Records;
using Testbed.Workload.Timing;

namespace Testbed.Client.Tests.Support;

/// <summary>
/// What probe records must agree with, even on a loaded machine: a probe can be answered
/// only if the echo server got it, and most are. Not all: a stall of a second in either
/// process turns probes into losses, and the tests share two cores with VMs.
/// </summary>
internal static class ProbeAssert
{
    public static void AnsweredPlausibly(IReadOnlyList<ProbeRecord> probes, EchoServer echo)
    {
        var answered = probes.Count(p => p.RoundTripMicroseconds is not null);
        Assert.True(answered <= echo.Received.Count, $"{answered} probes answered, but the echo server got {echo.Received.Count}");
        Assert.True(answered >= probes.Count / 2, $"only {answered} of {probes.Count} probes answered");

        // Each probe left no earlier than the timer allows, and its round trip, counted from
        // when it was due, holds its sender's lateness.
        var allowanceUs = (long)Math.Ceiling(PreciseTimer.EarlyAllowance.TotalMicroseconds);
        Assert.All(probes, p => Assert.True(p.SendLateMicroseconds >= -allowanceUs, $"probe {p.Sequence} left {-p.SendLateMicroseconds} µs early"));
        Assert.All(probes.Where(p => p.RoundTripMicroseconds is not null),
            p => Assert.True(p.RoundTripMicroseconds >= p.SendLateMicroseconds, $"probe {p.Sequence}: round trip {p.RoundTripMicroseconds} µs, yet it left {p.SendLateMicroseconds} µs late"));
    }
}
