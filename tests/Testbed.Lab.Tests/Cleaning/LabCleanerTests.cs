using System.Diagnostics;
using Testbed.Lab.Cleaning;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.TestSupport;

namespace Testbed.Lab.Tests.Cleaning;

/// <summary>Clean-up after crashed runs, against real namespaces, taps and QEMU.</summary>
public sealed class LabCleanerTests : ScratchRootTest
{
    [Fact]
    public async Task A_crashed_run_s_qemu_namespace_tap_and_socket_are_removed_and_a_second_clean_finds_nothing()
    {
        var crashed = await CrashedRun.StartAsync(Scratch.Root);
        Assert.True(HostState.IsRunning(crashed.Qemu));
        Assert.True(await HostState.LinkExistsAsync(crashed.Tap, crashed.Namespace));

        var report = await LabCleaner.CleanAllAsync(Scratch.Root);

        Assert.Empty(report.Problems);
        Assert.Contains($"vm-qemu (pid {crashed.Qemu.Pid})", report.StoppedProcesses);
        Assert.Contains(crashed.Namespace, report.RemovedNamespaces);
        Assert.Contains($"interface {crashed.Tap} in {crashed.Namespace}", report.RemovedInterfaces);
        Assert.Contains(crashed.QmpSocket, report.RemovedSockets);
        Assert.False(HostState.IsRunning(crashed.Qemu));
        Assert.False(await HostState.NamespaceExistsAsync(crashed.Namespace));
        Assert.False(await HostState.LinkExistsAsync(crashed.Tap));
        Assert.False(File.Exists(crashed.QmpSocket));
        Assert.False(Directory.Exists(crashed.RunPath));

        var second = await LabCleaner.CleanAllAsync(Scratch.Root);
        Assert.True(second.NothingFound);
    }

    [Fact]
    public async Task A_pid_now_used_by_another_process_is_not_signalled()
    {
        var run = RunDirectory.Create(Scratch.Root, "reused");
        CrashedRun.Orphan(run);
        var me = ProcessIdentity.Of(Environment.ProcessId)!;

        // The pid file of a process that died, whose pid now belongs to this test host.
        await File.WriteAllTextAsync(Path.Combine(run.PidsPath, "old.pid"), (me with { StartTicks = me.StartTicks - 1 }) + "\n");
        var report = await LabCleaner.CleanAllAsync(Scratch.Root);

        Assert.True(me.IsAlive);
        Assert.Empty(report.StoppedProcesses);
        Assert.Empty(report.Problems);
        Assert.Contains(run.Path, report.RemovedRunDirectories);
    }

    [Fact]
    public async Task An_untracked_process_inside_a_run_s_namespace_is_stopped_by_membership()
    {
        var run = RunDirectory.Create(Scratch.Root, "stray");
        CrashedRun.Orphan(run);
        var netns = UniqueName.Next("tbns");
        await run.CreateNamespaceAsync(netns);
        using var stray = Process.Start("ip", ["netns", "exec", netns, "sleep", "600"]);
        var strayIdentity = ProcessIdentity.Of(stray.Id)!;

        var report = await LabCleaner.CleanAllAsync(Scratch.Root);

        Assert.Empty(report.Problems);
        Assert.False(HostState.IsRunning(strayIdentity));
        Assert.False(await HostState.NamespaceExistsAsync(netns));
    }

    [Fact]
    public async Task Objects_recorded_but_never_created_are_no_problem()
    {
        // A crash between writing the ledger and creating the object leaves exactly this.
        var run = RunDirectory.Create(Scratch.Root, "half");
        CrashedRun.Orphan(run);
        run.Record(new LabResource(LabResourceKind.Namespace, UniqueName.Next("tbns")));
        run.Record(new LabResource(LabResourceKind.Link, UniqueName.Next("tbtp")));

        var report = await LabCleaner.CleanAllAsync(Scratch.Root);

        Assert.Empty(report.Problems);
        Assert.Empty(report.RemovedNamespaces);
        Assert.Empty(report.RemovedInterfaces);
        Assert.Equal([run.Path], report.RemovedRunDirectories);
    }

    [Fact]
    public async Task A_run_whose_owner_still_runs_is_left_alone_unless_forced()
    {
        // Owned by this test host, which runs.
        var live = RunDirectory.Create(Scratch.Root, "live");
        var netns = UniqueName.Next("tbns");
        await live.CreateNamespaceAsync(netns);

        var polite = await LabCleaner.CleanAllAsync(Scratch.Root);

        Assert.Equal([$"live (its owner, pid {Environment.ProcessId}, still runs)"], polite.LiveRunsLeft);
        Assert.False(polite.NothingFound);
        Assert.True(await HostState.NamespaceExistsAsync(netns));
        Assert.True(Directory.Exists(live.Path));

        var forced = await LabCleaner.CleanAllAsync(Scratch.Root, force: true);

        Assert.Contains(netns, forced.RemovedNamespaces);
        Assert.False(Directory.Exists(live.Path));
    }

    [Fact]
    public async Task Two_runs_never_hold_the_same_name_tag_and_a_tag_in_use_on_the_machine_is_passed_over()
    {
        await using var first = RunDirectory.Create(Scratch.Root, "first");
        await using var second = RunDirectory.Create(Scratch.Root, "second");
        var proposals = new Queue<string>(["aaa", "aaa", "bbb", "ccc"]);

        var taken = await first.ReserveTagAsync(proposals.Dequeue, (_, _) => Task.FromResult(false));
        var next = await second.ReserveTagAsync(proposals.Dequeue, (tag, _) => Task.FromResult(tag == "bbb"));

        Assert.Equal(("aaa", "ccc"), (taken, next));
        Assert.Empty(proposals);
    }
}
