using Testbed.Workload.Records;

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
    }
}
