using Docker.DotNet;
using Testbed.Dashboards.Containers;
using Testbed.Dashboards.Engine;
using Testbed.Dashboards.Stack;
using Testbed.Dashboards.Tests.Engine;
using Testbed.TestSupport;
using Xunit.Abstractions;

namespace Testbed.Dashboards.Tests.Stack;

/// <summary>
/// `up` and `down` end to end on a real engine, with the dashboards' own specs but
/// stand-in images (no registry is reachable) and a name prefix of the test's own, so
/// that the lab's real stack, if any, is never touched.
/// </summary>
[Collection(DockerEngineGroup.Name)]
public sealed class DashboardsServiceTests(DockerEngineFixture engine, ITestOutputHelper output) : IAsyncLifetime
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _directory = Path.Combine("/tmp", UniqueName.Next("tbg"));
    private DashboardsOptions _options = null!;

    private DockerClient Docker => engine.Connection.Client;

    /// <summary>The engine's pid file is the test's own: `down` must not stop the fixture's dockerd.</summary>
    private DashboardsService Service => new(engine.Options with { PidFile = Path.Combine(_directory, "dockerd.pid") }, RecordGrantAsync);

    /// <summary>What each `up` asked of the database: the fake PostgreSQL image has none to ask (the real grant is tested against a real server in Results.Tests).</summary>
    private List<ReadOnlyRoleGrant> Grants { get; } = [];

    private Task RecordGrantAsync(ReadOnlyRoleGrant grant, CancellationToken cancellationToken)
    {
        Grants.Add(grant);
        return Task.CompletedTask;
    }

    public Task InitializeAsync()
    {
        var provisioning = Path.Combine(_directory, "provisioning");
        Directory.CreateDirectory(provisioning);
        _options = new DashboardsOptions
        {
            ProvisioningDirectory = provisioning,
            GrafanaImage = engine.Images.FakeGrafana,
            PostgresImage = engine.Images.FakePostgres,
            GrafanaPort = FreePort(),
            GrafanaBind = "127.0.0.1",
            DatabasePort = FreePort(),
            StateDirectory = Path.Combine(_directory, "state"),
            ResultsDatabaseFile = Path.Combine(_directory, "results-db"),
            HealthDeadline = TimeSpan.FromSeconds(60),
            Names = new DashboardsNames(UniqueName.Next("tb")),
        };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Service.DownAsync(_options, purge: true);
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Up_writes_the_results_db_file_0600_and_shows_the_admin_password_only_when_grafana_is_created()
    {
        var first = await Service.UpAsync(_options);
        output.WriteLine($"first up (both containers created and healthy): {first.Stack.Elapsed.TotalMilliseconds:0} ms");

        Assert.NotNull(first.AdminPassword);
        Assert.Equal($"http://localhost:{_options.GrafanaPort}", first.GrafanaUrl);
        var databasePassword = SecretFile.ReadLine(_options.DatabasePasswordFile);
        Assert.Matches("^[A-Za-z0-9]{32}$", databasePassword);
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(_options.DatabasePasswordFile));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(_options.ResultsDatabaseFile));
        Assert.Equal(
            [$"Host=127.0.0.1;Port={_options.DatabasePort};Database=testbed;Username=testbed;Password={databasePassword}"],
            await File.ReadAllLinesAsync(_options.ResultsDatabaseFile));

        var grafana = await Docker.Containers.InspectContainerAsync(_options.Names.GrafanaContainer);
        Assert.Contains($"GF_SECURITY_ADMIN_PASSWORD={first.AdminPassword}", grafana.Config.Env);
        // Grafana logs in as the read-only role, which up asked the database to make, never as the owner.
        var readerPassword = SecretFile.ReadLine(_options.ReaderPasswordFile);
        Assert.Matches("^[A-Za-z0-9]{32}$", readerPassword);
        Assert.NotEqual(databasePassword, readerPassword);
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(_options.ReaderPasswordFile));
        Assert.Contains($"TESTBED_DB_USER={DashboardsNames.ReaderUser}", grafana.Config.Env);
        Assert.Contains($"TESTBED_DB_PASSWORD={readerPassword}", grafana.Config.Env);
        Assert.DoesNotContain(grafana.Config.Env, e => e.Contains(databasePassword!, StringComparison.Ordinal));
        Assert.Equal([new ReadOnlyRoleGrant(_options.DatabasePort, databasePassword!, DashboardsNames.ReaderUser, readerPassword!)], Grants);
        Assert.Contains($"TESTBED_DB_HOST={_options.Names.PostgresContainer}", grafana.Config.Env);
        var provisioning = Assert.Single(grafana.Mounts, m => m.Destination == "/etc/grafana/provisioning");
        Assert.False(provisioning.RW);
        var postgres = await Docker.Containers.InspectContainerAsync(_options.Names.PostgresContainer);
        Assert.Equal("127.0.0.1", Assert.Single(postgres.HostConfig.PortBindings["5432/tcp"]).HostIP);
        Assert.Equal("healthy", postgres.State.Health.Status);

        var printed = DashboardsText.Up(first);
        Assert.Single(printed, l => l.Contains(first.AdminPassword, StringComparison.Ordinal));
        Assert.DoesNotContain(printed, l => l.Contains(databasePassword!, StringComparison.Ordinal));

        var second = await Service.UpAsync(_options);
        output.WriteLine($"second up (already running): {second.Stack.Elapsed.TotalMilliseconds:0} ms");

        Assert.True(second.Stack.AllAlreadyRunning);
        Assert.Null(second.AdminPassword);
        Assert.DoesNotContain(DashboardsText.Up(second), l => l.Contains(first.AdminPassword, StringComparison.Ordinal));
        Assert.Equal(databasePassword, SecretFile.ReadLine(_options.DatabasePasswordFile));
    }

    [Fact]
    public async Task Down_keeps_the_data_volume_and_its_password_so_the_next_up_reuses_them_and_purge_removes_both()
    {
        var first = await Service.UpAsync(_options);
        var databasePassword = SecretFile.ReadLine(_options.DatabasePasswordFile);

        var down = await Service.DownAsync(_options, purge: false);
        output.WriteLine($"down: {down.Stack!.Elapsed.TotalMilliseconds:0} ms");

        Assert.Equal([_options.Names.GrafanaContainer, _options.Names.PostgresContainer], down.Stack.RemovedContainers);
        Assert.Equal(_options.Names.Network, down.Stack.RemovedNetwork);
        Assert.Equal([_options.Names.DataVolume], down.Stack.KeptVolumes);
        Assert.Equal(_options.ResultsDatabaseFile, down.RemovedResultsDatabaseFile);
        Assert.False(File.Exists(_options.ResultsDatabaseFile));
        Assert.Null(down.StoppedEnginePid);
        Assert.True(await engine.Connection.AnswersAsync(TimeSpan.FromSeconds(5)));

        var again = await Service.UpAsync(_options);

        Assert.Equal(ContainerOutcome.Created, again.Stack[_options.Names.GrafanaContainer].Outcome);
        Assert.NotNull(again.AdminPassword);
        Assert.NotEqual(first.AdminPassword, again.AdminPassword);
        Assert.Equal(databasePassword, SecretFile.ReadLine(_options.DatabasePasswordFile));

        var purge = await Service.DownAsync(_options, purge: true);

        Assert.Equal([_options.Names.DataVolume], purge.Stack!.RemovedVolumes);
        Assert.Equal(_options.DatabasePasswordFile, purge.RemovedPasswordFile);
        Assert.False(File.Exists(_options.DatabasePasswordFile));
        Assert.False(File.Exists(_options.ReaderPasswordFile));
        Assert.False(await new StackManager(Docker).VolumeExistsAsync(_options.Names.DataVolume));
    }

    [Fact]
    public async Task A_data_volume_whose_password_file_is_lost_is_refused_rather_than_given_a_password_it_does_not_have()
    {
        await Service.UpAsync(_options);
        await Service.DownAsync(_options, purge: false);
        File.Delete(_options.DatabasePasswordFile);

        var failure = await Assert.ThrowsAsync<DashboardsException>(() => Service.UpAsync(_options));

        Assert.Contains($"{_options.Names.DataVolume} exists but its password file {_options.DatabasePasswordFile} is gone", failure.Message, StringComparison.Ordinal);
        Assert.Contains("down --purge", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grafana_port_in_use_names_the_port_and_the_option_to_change_it()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var failure = await Assert.ThrowsAsync<DashboardsException>(() => Service.UpAsync(_options with { GrafanaPort = port }));

        Assert.Contains($"127.0.0.1:{port} is already in use", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith("choose another with --port N", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_provisioning_directory_is_reported_before_docker_is_touched()
    {
        var options = _options with { ProvisioningDirectory = Path.Combine(_directory, "absent") };

        var failure = await Assert.ThrowsAsync<DashboardsException>(() => Service.UpAsync(options));

        Assert.StartsWith($"Grafana's provisioning directory {options.ProvisioningDirectory} does not exist", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_options.DatabasePasswordFile));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
