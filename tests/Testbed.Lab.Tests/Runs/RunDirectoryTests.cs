using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.TestSupport;

namespace Testbed.Lab.Tests.Runs;

/// <summary>Real namespaces and processes, as root.</summary>
public sealed class RunDirectoryTests : ScratchRootTest
{
    [Fact]
    public async Task Only_root_can_enter_a_run_directory_or_its_sockets()
    {
        await using var run = RunDirectory.Create(Scratch.Root, "modes");

        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(run.Path));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(run.SocketsPath));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(run.PidsPath));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("with space")]
    [InlineData("")]
    public void A_run_id_that_is_not_a_plain_name_is_refused(string runId)
    {
        Assert.Throws<ArgumentException>(() => RunDirectory.Create(Scratch.Root, runId));
    }

    [Fact]
    public async Task A_run_id_in_use_is_refused_with_a_hint_to_clean()
    {
        await using var run = RunDirectory.Create(Scratch.Root, "taken");

        var refusal = Assert.Throws<InvalidOperationException>(() => RunDirectory.Create(Scratch.Root, "taken"));
        Assert.Contains("testbed clean", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_path_past_the_unix_limit_is_refused()
    {
        await using var run = RunDirectory.Create(Scratch.Root, "sockets");

        Assert.Throws<InvalidOperationException>(() => run.SocketPath(new string('q', 120)));
        Assert.StartsWith(run.SocketsPath, run.SocketPath("qmp-vm1.sock"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_process_runs_inside_its_namespace_with_a_pid_file_and_disposal_removes_all()
    {
        var netns = UniqueName.Next("tbns");
        var run = RunDirectory.Create(Scratch.Root, "inside");
        ProcessIdentity identity;
        string pidFile;
        try
        {
            await run.CreateNamespaceAsync(netns);
            var sleeper = run.StartProcess("sleeper", "sleep", ["600"], netns);
            identity = sleeper.Identity!;
            pidFile = sleeper.PidFile;

            // The pid is `ip netns exec` until it has entered the namespace and exec'd sleep:
            // until then it is still in the root namespace.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while ((await File.ReadAllTextAsync($"/proc/{sleeper.Pid}/comm")).Trim() != "sleep" && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5);
            }

            Assert.Equal(netns, await HostState.NamespaceOfAsync(sleeper.Pid));
            Assert.True(ProcessIdentity.TryParse(await File.ReadAllTextAsync(pidFile), out var recorded));
            Assert.Equal(identity, recorded);
        }
        finally
        {
            await run.DisposeAsync();
        }

        Assert.False(HostState.IsRunning(identity));
        Assert.False(await HostState.NamespaceExistsAsync(netns));
        Assert.False(Directory.Exists(run.Path));
    }

    [Fact]
    public async Task Output_of_a_process_lands_in_its_log()
    {
        var run = RunDirectory.Create(Scratch.Root, "logs");
        var talker = run.StartProcess("talker", "sh", ["-c", "echo to-stdout; echo to-stderr >&2"]);
        await talker.WaitForExitAsync();

        var log = await File.ReadAllTextAsync(Path.Combine(run.LogsPath, "talker.log"));
        await run.DisposeAsync();

        Assert.Contains("to-stdout", log, StringComparison.Ordinal);
        Assert.Contains("to-stderr", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_program_leaves_no_pid_file()
    {
        await using var run = RunDirectory.Create(Scratch.Root, "missing");

        Assert.Throws<ProgramMissingException>(() => run.StartProcess("ghost", "tb-no-such-program", []));
        Assert.Empty(Directory.GetFiles(run.PidsPath));
    }

    [Fact]
    public async Task A_process_that_must_run_until_stopped_is_reported_when_killed_and_not_when_stopped_or_told_to_end()
    {
        await using var run = RunDirectory.Create(Scratch.Root, "watched");
        var exits = new System.Collections.Concurrent.ConcurrentQueue<ProcessExit>();
        var reported = new TaskCompletionSource<ProcessExit>(TaskCreationOptions.RunContinuationsAsynchronously);
        run.UnexpectedExit += exit =>
        {
            exits.Enqueue(exit);
            reported.TrySetResult(exit);
        };

        var stopped = run.StartProcess("stopped", "sleep", ["600"], untilStopped: true);
        var toldToEnd = run.StartProcess("told", "sh", ["-c", "read line; exit 0"], untilStopped: true);
        var unwatched = run.StartProcess("unwatched", "true", []);
        var killed = run.StartProcess("killed", "sleep", ["600"], untilStopped: true);

        await stopped.StopAsync(TimeSpan.FromSeconds(5));
        toldToEnd.ExpectExit();
        await toldToEnd.SendLineAsync("end");
        await toldToEnd.WaitForExitAsync();
        await unwatched.WaitForExitAsync();
        Signals.KillNow(killed.Identity!);

        var exit = await reported.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(new ProcessExit("killed", killed.Pid, 128 + 9), exit);
        Assert.Equal($"killed (pid {killed.Pid}) was killed by signal 9 (SIGKILL)", exit.Cause);

        // Every other exit has happened by now (each was awaited), and none was reported.
        Assert.Equal([exit], exits);
    }
}
