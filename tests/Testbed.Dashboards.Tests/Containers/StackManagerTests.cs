using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using Testbed.Dashboards.Containers;
using Testbed.Dashboards.Tests.Engine;
using Testbed.TestSupport;
using ContainerSpec = Testbed.Dashboards.Containers.ContainerSpec;
using Xunit.Abstractions;

namespace Testbed.Dashboards.Tests.Containers;

/// <summary>
/// The stack manager on a real Docker engine, with stacks of busybox containers whose
/// names no other test or stack uses. Every stack is purged in Dispose, pass or fail.
/// </summary>
[Collection(DockerEngineGroup.Name)]
public sealed class StackManagerTests(DockerEngineFixture engine, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly string _served = Path.Combine("/tmp", UniqueName.Next("tbs"));
    private readonly List<StackSpec> _stacks = [];

    private DockerClient Docker => engine.Connection.Client;

    private StackManager Manager => new(Docker) { PullDeadline = TimeSpan.FromSeconds(30), StopGrace = TimeSpan.FromSeconds(2) };

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_served);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var stack in _stacks)
        {
            await Manager.DownAsync(stack, purge: true);
        }

        Directory.Delete(_served, recursive: true);
    }

    [Fact]
    public async Task A_stack_serves_its_read_only_bind_mount_through_the_published_port_and_down_removes_it()
    {
        var page = $"served from the bind mount {Guid.NewGuid():N}\n";
        await File.WriteAllTextAsync(Path.Combine(_served, "index.html"), page);
        var stack = NewStack(HttpServer("web", "/index.html") with { Volumes = [new VolumeMount(Unique("tbv"), "/data")] });
        var volume = stack.Volumes[0];

        var up = await Manager.UpAsync(stack, Deadline);
        var web = Assert.Single(up.Containers);
        Assert.Equal(ContainerOutcome.Created, web.Outcome);
        Assert.Equal(page, await GetAsync(web.HostPorts[8080], "/index.html"));

        var inspected = await Docker.Containers.InspectContainerAsync(web.Id);
        var mount = Assert.Single(inspected.Mounts, m => m.Destination == "/srv");
        Assert.Equal(_served, mount.Source);
        Assert.False(mount.RW);
        var binding = Assert.Single(inspected.HostConfig.PortBindings["8080/tcp"]);
        Assert.Equal("127.0.0.1", binding.HostIP);
        Assert.Contains(stack.Network, inspected.NetworkSettings.Networks.Keys);

        var down = await Manager.DownAsync(stack, purge: false);
        output.WriteLine($"up {up.Elapsed.TotalMilliseconds:0} ms, down {down.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal([web.Name], down.RemovedContainers);
        Assert.Equal(stack.Network, down.RemovedNetwork);
        Assert.Equal([volume], down.KeptVolumes);
        await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => Docker.Containers.InspectContainerAsync(web.Id));
        await Assert.ThrowsAsync<DockerNetworkNotFoundException>(() => Docker.Networks.InspectNetworkAsync(stack.Network));
        Assert.True(await Manager.VolumeExistsAsync(volume));

        var purge = await Manager.DownAsync(stack, purge: true);
        Assert.Equal([volume], purge.RemovedVolumes);
        Assert.False(await Manager.VolumeExistsAsync(volume));
    }

    [Fact]
    public async Task Up_when_already_up_leaves_the_running_container_alone()
    {
        await File.WriteAllTextAsync(Path.Combine(_served, "index.html"), "ok\n");
        var stack = NewStack(HttpServer("web", "/index.html"));

        var first = await Manager.UpAsync(stack, Deadline);
        var second = await Manager.UpAsync(stack, Deadline);

        output.WriteLine($"first up {first.Elapsed.TotalMilliseconds:0} ms, second up {second.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(ContainerOutcome.Created, first.Containers[0].Outcome);
        Assert.Equal(ContainerOutcome.AlreadyRunning, second.Containers[0].Outcome);
        Assert.True(second.AllAlreadyRunning);
        Assert.Equal(first.Containers[0].Id, second.Containers[0].Id);
        Assert.Equal(first.Containers[0].HostPorts, second.Containers[0].HostPorts);
    }

    [Fact]
    public async Task A_stopped_container_is_started_again_with_its_old_configuration()
    {
        await File.WriteAllTextAsync(Path.Combine(_served, "index.html"), "ok\n");
        var stack = NewStack(HttpServer("web", "/index.html"));
        var first = await Manager.UpAsync(stack, Deadline);
        await Docker.Containers.StopContainerAsync(first.Containers[0].Id, new ContainerStopParameters { WaitBeforeKillSeconds = 1 });

        var again = await Manager.UpAsync(stack, Deadline);

        Assert.Equal(ContainerOutcome.Started, again.Containers[0].Outcome);
        Assert.Equal(first.Containers[0].Id, again.Containers[0].Id);
        Assert.Equal("ok\n", await GetAsync(again.Containers[0].HostPorts[8080], "/index.html"));
    }

    [Fact]
    public async Task A_container_that_exits_at_once_fails_the_health_wait_at_once_with_its_log()
    {
        var marker = Guid.NewGuid().ToString("N");
        var stack = NewStack(HttpServer("crash", "/index.html") with
        {
            Command = ["/bin/sh", "-c", $"echo starting {marker}; echo cannot go on {marker} >&2; exit 3"],
        });

        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<ContainerUnhealthyException>(() => Manager.UpAsync(stack, Deadline));

        output.WriteLine(failure.Message);
        Assert.True(clock.Elapsed < Deadline / 2, $"the failure took {clock.Elapsed}, as if it waited for the deadline");
        Assert.Contains("exited with code 3", failure.Message, StringComparison.Ordinal);
        // Both streams, each line once; which of the two the engine stamped first is its own affair.
        Assert.Equal([$"cannot go on {marker}", $"starting {marker}"], failure.LastLogLines.Order(StringComparer.Ordinal));
        Assert.Contains($"cannot go on {marker}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_container_that_never_passes_its_check_fails_at_the_deadline_saying_what_the_check_saw()
    {
        var stack = NewStack(HttpServer("web", "/absent.html"));

        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<ContainerUnhealthyException>(() => Manager.UpAsync(stack, TimeSpan.FromSeconds(3)));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(20));
        Assert.Contains("did not become healthy within 3 s", failure.Message, StringComparison.Ordinal);
        Assert.Contains("answered 404", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_engine_s_own_health_check_is_waited_for()
    {
        var stack = NewStack(new ContainerSpec
        {
            Name = Unique("tbc"),
            Image = engine.Images.FakePostgres,
            HealthCheck = new EngineHealthCheck(["CMD", "pg_isready"], TimeSpan.FromSeconds(1)),
        });

        var up = await Manager.UpAsync(stack, Deadline);

        var inspected = await Docker.Containers.InspectContainerAsync(up.Containers[0].Id);
        Assert.Equal("healthy", inspected.State.Health.Status);
        Assert.Contains("accepting connections", inspected.State.Health.Log[^1].Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_image_that_cannot_be_pulled_is_named_with_how_to_load_it()
    {
        var image = $"testbed-absent-{Guid.NewGuid():N}:1";
        var stack = NewStack(HttpServer("web", "/") with { Image = image });

        var failure = await Assert.ThrowsAsync<ImageUnavailableException>(() => Manager.UpAsync(stack, Deadline));

        output.WriteLine(failure.Message);
        Assert.StartsWith($"image {image} is not on this machine and cannot be pulled (", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"docker save -o image.tar {image}", failure.Message, StringComparison.Ordinal);
        Assert.Contains("docker load -i image.tar", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
        await Assert.ThrowsAsync<DockerNetworkNotFoundException>(() => Docker.Networks.InspectNetworkAsync(stack.Network));
    }

    [Fact]
    public async Task A_stranger_s_container_with_a_stack_container_s_name_is_reported_not_removed()
    {
        var name = Unique("tbc");
        var stranger = await Docker.Containers.CreateContainerAsync(new CreateContainerParameters { Name = name, Image = engine.Images.Busybox, Cmd = ["/bin/true"] });
        try
        {
            var stack = NewStack(HttpServer("web", "/") with { Name = name });

            var failure = await Assert.ThrowsAsync<DashboardsException>(() => Manager.DownAsync(stack, purge: false));

            Assert.Contains($"a container named {name} exists but does not belong to the {stack.Name} stack", failure.Message, StringComparison.Ordinal);
            Assert.Equal(stranger.ID, (await Docker.Containers.InspectContainerAsync(name)).ID);
        }
        finally
        {
            await Docker.Containers.RemoveContainerAsync(stranger.ID, new ContainerRemoveParameters { Force = true });
        }
    }

    [Fact]
    public async Task A_published_port_already_taken_on_the_host_is_named_before_anything_is_created()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var stack = NewStack(HttpServer("web", "/") with { Ports = [new PublishedPort(8080, port, "127.0.0.1")] });

        var failure = await Assert.ThrowsAsync<PortInUseException>(() => Manager.UpAsync(stack, Deadline));

        Assert.Equal($"127.0.0.1:{port} is already in use on this machine, so container {stack.Containers[0].Name} cannot publish its port 8080 there", failure.Message);
        await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => Docker.Containers.InspectContainerAsync(stack.Containers[0].Name));
    }

    /// <summary>busybox httpd serving the test's bind-mounted directory on 8080, published on a port the engine picks.</summary>
    private ContainerSpec HttpServer(string role, string healthPath) => new()
    {
        Name = Unique("tbc") + role,
        Image = engine.Images.Busybox,
        Command = TestImages.StopOnTermCommand($"{BusyboxRootfs.Busybox} httpd -f -p 8080 -h /srv"),
        BindMounts = [new BindMount(_served, "/srv", ReadOnly: true)],
        Ports = [new PublishedPort(8080, 0, "127.0.0.1")],
        HealthCheck = new HttpHealthCheck(8080, healthPath),
    };

    private StackSpec NewStack(ContainerSpec container)
    {
        var stack = new StackSpec(Unique("tbstack"), Unique("tbn"), container.Volumes.Select(v => v.Volume).ToList(), [container]);
        _stacks.Add(stack);
        return stack;
    }

    private static string Unique(string prefix) => UniqueName.Next(prefix);

    private static async Task<string> GetAsync(int port, string path)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}{path}"));
    }
}
