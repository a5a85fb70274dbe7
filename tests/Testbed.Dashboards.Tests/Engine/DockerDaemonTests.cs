using Testbed.Dashboards.Engine;
using Testbed.Lab.Processes;
using Testbed.TestSupport;
using Xunit.Abstractions;

namespace Testbed.Dashboards.Tests.Engine;

/// <summary>Starting and stopping dockerd: only a dockerd the testbed started, recorded by pid and start time, is ever stopped.</summary>
[Collection(DockerEngineGroup.Name)]
public sealed class DockerDaemonTests(DockerEngineFixture engine, ITestOutputHelper output) : ScratchRootTest
{
    [Fact]
    public async Task The_engine_answers_and_a_dockerd_started_here_is_recorded_by_pid_and_start_time()
    {
        var start = engine.Start!;
        output.WriteLine(start.StartedHere
            ? $"dockerd started by the fixture: pid {start.Pid}, answering after {start.Elapsed.TotalMilliseconds:0} ms; images imported in {engine.Images.ImportTime.TotalMilliseconds:0} ms"
            : $"dockerd was already running; ping {start.Elapsed.TotalMilliseconds:0} ms; images imported in {engine.Images.ImportTime.TotalMilliseconds:0} ms");

        Assert.True(await engine.Connection.AnswersAsync(TimeSpan.FromSeconds(5)));
        var recorded = DockerDaemon.StartedEngine(engine.Options);
        if (start.StartedHere)
        {
            Assert.NotNull(recorded);
            Assert.Equal(start.Pid, recorded.Pid);
            Assert.Equal("dockerd", (await File.ReadAllTextAsync($"/proc/{recorded.Pid}/comm")).Trim());
        }
        else
        {
            Assert.Null(recorded);
            Assert.False(File.Exists(engine.Options.PidFile));
        }
    }

    [Fact]
    public async Task An_engine_that_already_answers_is_used_as_it_is_and_recorded_nowhere()
    {
        var options = engine.Options with { PidFile = Path.Combine(Scratch.Path, "dockerd.pid"), LogFile = Path.Combine(Scratch.Path, "dockerd.log") };

        var start = await DockerDaemon.EnsureRunningAsync(options);

        Assert.False(start.StartedHere);
        Assert.False(File.Exists(options.PidFile));
        Assert.False(await DockerDaemon.StopStartedAsync(options));
        Assert.True(await engine.Connection.AnswersAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_pid_file_whose_start_time_does_not_match_is_never_signalled()
    {
        var options = engine.Options with { PidFile = Path.Combine(Scratch.Path, "dockerd.pid") };
        var self = ProcessIdentity.Of(Environment.ProcessId)!;
        await File.WriteAllTextAsync(options.PidFile, new ProcessIdentity(self.Pid, self.StartTicks + 1).ToString());

        Assert.Null(DockerDaemon.StartedEngine(options));
        Assert.False(await DockerDaemon.StopStartedAsync(options));
        Assert.True(self.IsAlive);
        Assert.False(File.Exists(options.PidFile));
    }

    [Fact]
    public async Task Without_dockerd_installed_the_error_says_how_to_install_it()
    {
        var options = new DockerEngineOptions(Path.Combine(Scratch.Path, "absent.sock"), Path.Combine(Scratch.Path, "dockerd.pid"), Path.Combine(Scratch.Path, "dockerd.log"));
        var path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", Scratch.Path);
        try
        {
            var failure = await Assert.ThrowsAsync<DockerEngineMissingException>(() => DockerDaemon.EnsureRunningAsync(options));

            Assert.Equal("Docker is not installed: run 'sudo apt-get install docker.io' (or 'sudo testbed/provision.sh', which installs it)", failure.Message);
            Assert.False(File.Exists(options.PidFile));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }
}
