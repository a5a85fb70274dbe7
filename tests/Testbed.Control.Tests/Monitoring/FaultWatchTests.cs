using Testbed.Control.Monitoring;
using Testbed.Control.World;
using Testbed.Experiments.Files;
using Testbed.Experiments.Model;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.Lab.Timing;
using Testbed.Qemu.Host;
using Testbed.Qemu.Image;
using Testbed.Results.Files;
using Testbed.Results.Records;
using Testbed.TestSupport;

namespace Testbed.Control.Tests.Monitoring;

/// <summary>The fault watch over a run's world with no network: real processes that die, and a link emulator's stop as the network would report it.</summary>
public sealed class FaultWatchTests : ScratchRootTest, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _results = Directory.CreateTempSubdirectory("tbt-faults-");

    [Fact]
    public async Task A_killed_client_degrades_the_run_and_a_process_told_to_end_is_no_fault()
    {
        using var recorder = new RunRecorder(_results.FullName);
        await using var runtime = RunDirectory.Create(Scratch.Root, "faults");
        await using var world = World(runtime, recorder);
        await using var watch = FaultWatch.Start(world);

        var told = world.Runtime.StartProcess("client-quiet", "sh", ["-c", "read line"], untilStopped: true);
        told.ExpectExit();
        await told.SendLineAsync("stop");
        await told.WaitForExitAsync();
        var killed = world.Runtime.StartProcess("client-users", "sleep", ["600"], untilStopped: true);
        Signals.KillNow(killed.Identity!);

        var fault = await FirstFaultAsync(recorder);
        Assert.Equal(("client of group users", FaultEffect.Degraded), (fault.Component, fault.Effect));
        Assert.Contains("signal 9", fault.Cause, StringComparison.Ordinal);
        Assert.False(world.Stopping.IsCancellationRequested);
        Assert.Equal([fault], recorder.Snapshot().FaultRows);
    }

    [Fact]
    public async Task The_link_emulator_stopping_ends_the_run_as_failed_with_its_cause()
    {
        using var recorder = new RunRecorder(_results.FullName);
        await using var runtime = RunDirectory.Create(Scratch.Root, "faults");
        await using var world = World(runtime, recorder);
        await using var watch = FaultWatch.Start(world);
        var stopped = new TaskCompletionSource<Exception>();

        watch.WatchLinkEmulator(stopped.Task);
        stopped.SetResult(new IOException("read from tap t3 failed"));

        await Task.Delay(Timeout.InfiniteTimeSpan, world.Stopping).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Patience);
        Assert.Equal("link emulator failed: its thread stopped: read from tap t3 failed", world.AbortReason);
        var fault = Assert.Single(recorder.Snapshot().FaultRows);
        Assert.Equal(("link emulator", FaultEffect.Failed), (fault.Component, fault.Effect));
    }

    [Fact]
    public async Task A_router_that_dies_with_no_mechanism_to_restart_it_ends_the_run()
    {
        using var recorder = new RunRecorder(_results.FullName);
        await using var runtime = RunDirectory.Create(Scratch.Root, "faults");
        await using var world = World(runtime, recorder);
        await using var watch = FaultWatch.Start(world);

        var router = world.Runtime.StartProcess("router-dc1", "sleep", ["600"], untilStopped: true);
        Signals.KillNow(router.Identity!);

        await Task.Delay(Timeout.InfiniteTimeSpan, world.Stopping).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Patience);
        Assert.StartsWith("router of dc1 failed: router-dc1", world.AbortReason, StringComparison.Ordinal);
        Assert.Equal(FaultEffect.Failed, Assert.Single(recorder.Snapshot().FaultRows).Effect);
    }

    public void Dispose() => _results.Delete(recursive: true);

    private static RunWorld World(RunDirectory runtime, RunRecorder recorder) =>
        new(ExperimentLoader.Load(RepositoryRoot.Combine("experiments", "examples", "one-move.yaml")), runtime.RunId, runtime, recorder,
            new Dictionary<GuestImageKind, GuestImage>(), Accelerator.Tcg, Network.Wan.LinkEmulation.Auto);

    /// <summary>The first fault in the run's files: the watch records it from the thread that reaped the process.</summary>
    private static Task<RunFault> FirstFaultAsync(RunRecorder recorder) =>
        WaitUntil.FoundAsync(_ => Task.FromResult(recorder.Snapshot().FaultRows is [var first, ..] ? first : null), Patience, TimeSpan.FromMilliseconds(50),
            () => new TimeoutException($"no fault recorded within {Patience.TotalSeconds} s"));
}
