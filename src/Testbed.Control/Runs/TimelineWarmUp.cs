using Testbed.Control.Contracts.Grains;
using Testbed.Lab.Machine;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.Results.Files;
using Testbed.Results.Records;
using Testbed.Workload.Records;
using Testbed.Workload.Statistics;

namespace Testbed.Control.Runs;

/// <summary>
/// Compiles, before t = 0, what this process runs per record and per second once the
/// timeline plays: the grains and their Orleans invokers, the clients' record parser, the
/// recorder and its rows, and the monitor's reading of every process's CPU. Tiered
/// compilation is off, so each method would otherwise be compiled at its first call, in the
/// run's first second, on the cores the guests need.
/// </summary>
public static class TimelineWarmUp
{
    public static void Compile()
    {
        AheadOfTimeJit.Compile(typeof(TimelineWarmUp).Assembly, typeof(IUserGroupGrain).Assembly);
        AheadOfTimeJit.CompileNamespacesOf(typeof(RunRecorder), typeof(RequestRow), typeof(ClientRecord), typeof(NearestRank),
            typeof(CpuTime), typeof(HostIdle), typeof(RunDirectory));
    }
}
