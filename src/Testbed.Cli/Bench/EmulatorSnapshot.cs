using Testbed.Lab.Processes;
using Testbed.Network.Emulation;
using Testbed.Network.Wan;

namespace Testbed.Cli.Bench;

/// <summary>The user-space link emulator's CPU time and counters at one instant, summed over its links and directions.</summary>
internal sealed record EmulatorSnapshot(TimeSpan Cpu, long Frames, long Bytes, long TotalLatenessNs, long? EarliestNs)
{
    /// <summary>Null under netem: the kernel emulates, and its CPU is no thread of ours.</summary>
    public static EmulatorSnapshot? Take(WanNetwork wan)
    {
        if (wan.Emulation != LinkEmulation.Userspace)
        {
            return null;
        }

        var counters = wan.EmulatedLinkCounters.ToList();
        return new EmulatorSnapshot(CpuTime.OfOwnThreads(EmulatedLink.ThreadNamePrefix), counters.Sum(c => c.Delivered), counters.Sum(c => c.DeliveredBytes),
            counters.Sum(c => c.TotalLatenessNs), counters.Min(c => c.EarliestNs));
    }
}
