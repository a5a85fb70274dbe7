using System.Diagnostics;
using Testbed.Control.Monitoring;
using Testbed.Lab.Runs;
using Testbed.Results.Files;
using Testbed.Results.Records;
using Testbed.TestSupport;

namespace Testbed.Control.Tests.Monitoring;

public sealed class RunMonitorTests : ScratchRootTest, IDisposable
{
    private static readonly TimeSpan SetUpCpu = TimeSpan.FromMilliseconds(400);

    private readonly DirectoryInfo _results = Directory.CreateTempSubdirectory("tbt-monitor-");

    [Fact]
    public async Task Cpu_seconds_count_from_the_clocks_start_and_hold_none_of_the_set_up()
    {
        using var recorder = new RunRecorder(_results.FullName);
        await using var runtime = RunDirectory.Create(Scratch.Root, "monitor");
        await using (var monitor = RunMonitor.Start(runtime, recorder, () => null))
        {
            // Set-up work on this process's CPU right before t = 0, as a client's start-up
            // or the control's compilation is.
            BurnCpu(SetUpCpu);
            recorder.StartClock(DateTimeOffset.UtcNow);

            // A timeline of a second and a half: one whole second of rows.
            await Task.Delay(TimeSpan.FromSeconds(1.5));
        }

        var first = recorder.Snapshot().CpuRows.Where(r => r.Role == RunMonitor.ControlRole).MinBy(r => r.TimeS);
        Assert.NotNull(first);

        // Its second began as the clock started (or a moment after, once the monitor ran),
        // not up to a second before it.
        Assert.InRange(first.TimeS - first.IntervalS, -0.002, 0.25);
        Assert.True(first.CpuMs < SetUpCpu.TotalMilliseconds / 2, $"the first second holds {first.CpuMs} ms of this process's CPU, which idled through it after {SetUpCpu.TotalMilliseconds} ms of set-up");
        Assert.Contains(recorder.Snapshot().CpuRows, r => r.Role == CpuRow.HostIdleRole && r.TimeS == first.TimeS);
    }

    [Fact]
    public async Task A_run_that_ends_before_its_clock_starts_records_no_cpu()
    {
        using var recorder = new RunRecorder(_results.FullName);
        await using var runtime = RunDirectory.Create(Scratch.Root, "monitor");
        var monitor = RunMonitor.Start(runtime, recorder, () => null);
        BurnCpu(TimeSpan.FromMilliseconds(50));
        await monitor.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(recorder.Snapshot().CpuRows);
    }

    public void Dispose() => _results.Delete(recursive: true);

    private static void BurnCpu(TimeSpan cpu)
    {
        var start = Process.GetCurrentProcess().TotalProcessorTime;
        var sink = 0L;
        while (Process.GetCurrentProcess().TotalProcessorTime - start < cpu)
        {
            for (var i = 0; i < 100_000; i++)
            {
                sink += i ^ sink;
            }
        }

        GC.KeepAlive(sink);
    }
}
