using System.Net.Sockets;
using Testbed.Dashboards.Engine;
using Testbed.Lab.Doctor;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.TestSupport;

namespace Testbed.Dashboards.Tests.Engine;

/// <summary>
/// The Docker probe against a real engine: a private dockerd of this test's own, started
/// as a run starts its helpers, with no bridge and no iptables rules, so the machine's
/// own Docker (if any) and its network are never touched.
/// </summary>
public sealed class DockerEngineProbeTests : ScratchRootTest
{
    [Fact]
    public async Task A_running_engine_s_version_is_the_one_the_docker_client_reads()
    {
        var run = RunDirectory.Create(Scratch.Root, "dockerd");
        try
        {
            var socket = run.SocketPath("docker.sock");
            var engine = run.StartProcess("dockerd", "dockerd",
            [
                "--bridge=none", "--iptables=false", "--ip6tables=false", "--ip-masq=false",
                "--data-root", Path.Combine(run.Path, "docker-data"),
                "--exec-root", Path.Combine(run.Path, "docker-exec"),
                "--pidfile", Path.Combine(run.Path, "docker-exec.pid"),
                "-H", "unix://" + socket,
            ]);
            await WaitUntilListeningAsync(socket, engine);

            var (version, detail) = await DockerEngineProbe.RunAsync(socket);
            var client = await CommandRunner.RunCheckedAsync("docker", ["-H", "unix://" + socket, "version", "--format", "{{.Server.Version}}"]);

            Assert.Equal(client.StandardOutput.Trim(), version);
            Assert.Contains("API", detail, StringComparison.Ordinal);
        }
        finally
        {
            await run.DisposeAsync();
        }
    }

    [Fact]
    public async Task No_engine_means_no_version_and_says_so()
    {
        var (version, detail) = await DockerEngineProbe.RunAsync(Path.Combine(Scratch.Path, "absent.sock"));

        Assert.Null(version);
        Assert.Equal("docker.io is installed but the engine is not running", detail);
    }

    /// <summary>The socket file appears before dockerd accepts on it; a successful connect is the signal.</summary>
    private static async Task WaitUntilListeningAsync(string socket, TrackedProcess engine)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            Assert.False(engine.HasExited, "dockerd exited while starting");
            try
            {
                using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await probe.ConnectAsync(new UnixDomainSocketEndPoint(socket));
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
