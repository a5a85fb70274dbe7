using System.Diagnostics;
using Testbed.Dashboards.Engine;
using Testbed.TestSupport;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Testbed.Dashboards.Tests.Engine;

/// <summary>
/// The machine's Docker engine for the tests that need one, with the busybox images
/// they run (no registry is reachable, so the images are imported from a rootfs made
/// here). When no engine answers, the fixture starts dockerd through the same code
/// `testbed dashboards up` uses, with its pid file in a directory of its own, and stops
/// it at the end; an engine that was already running is left running. A dockerd started
/// here changes the host (iptables' FORWARD policy to DROP and its own chains, forwarding,
/// br_netfilter, docker0), so the host's state is saved first and put back after it stops:
/// the test projects that run later see the machine as it was.
/// </summary>
public sealed class DockerEngineFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine("/tmp", UniqueName.Next("tbd"));
    private readonly IMessageSink _diagnostics;
    private DockerConnection? _connection;
    private HostFirewallState? _hostBefore;

    public DockerEngineFixture(IMessageSink diagnostics)
    {
        _diagnostics = diagnostics;
        Options = new DockerEngineOptions(
            DockerEngineOptions.DefaultSocket, Path.Combine(_directory, "dockerd.pid"), Path.Combine(_directory, "dockerd.log"));
    }

    public DockerEngineOptions Options { get; }

    public EngineStart? Start { get; private set; }

    public TimeSpan? StopTime { get; private set; }

    public DockerConnection Connection => _connection ?? throw new InvalidOperationException("the fixture has not started");

    public TestImages Images { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        if (DockerDaemon.StartedEngine(Options) is null && !File.Exists(Options.Socket))
        {
            _hostBefore = await HostFirewallState.CaptureAsync();
        }

        Start = await DockerDaemon.EnsureRunningAsync(Options);
        Report(Start.StartedHere
            ? $"started dockerd (pid {Start.Pid}); it answered after {Start.Elapsed.TotalMilliseconds:0} ms"
            : $"dockerd was already running (ping took {Start.Elapsed.TotalMilliseconds:0} ms)");
        _connection = new DockerConnection(Options.Socket);
        Images = await TestImages.ImportAsync(_connection.Client);
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await Images.DisposeAsync();
            _connection.Dispose();
        }

        if (Start is { StartedHere: true })
        {
            var clock = Stopwatch.StartNew();
            await DockerDaemon.StopStartedAsync(Options);
            StopTime = clock.Elapsed;
            Report($"stopped the dockerd it started in {StopTime.Value.TotalMilliseconds:0} ms");
            if (_hostBefore is not null)
            {
                await _hostBefore.RestoreAsync();
                Report("put the host's firewall, forwarding and br_netfilter back as they were");
            }
        }

        Directory.Delete(_directory, recursive: true);
    }

    private void Report(string message) => _diagnostics.OnMessage(new DiagnosticMessage("DockerEngineFixture: " + message));
}
