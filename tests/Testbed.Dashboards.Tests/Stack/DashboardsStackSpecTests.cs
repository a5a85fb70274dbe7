using Testbed.Dashboards.Containers;
using Testbed.Dashboards.Stack;
using Testbed.TestSupport;

namespace Testbed.Dashboards.Tests.Stack;

/// <summary>The Grafana and PostgreSQL specs, as data: no engine needed.</summary>
public sealed class DashboardsStackSpecTests
{
    private static readonly string Provisioning = RepositoryRoot.Combine("testbed", "grafana", "provisioning");
    private static readonly DashboardsSecrets Secrets = new("admin-secret-for-the-test", "database-secret-for-the-test", "reader-secret-for-the-test");
    private static readonly DashboardsOptions Defaults = new() { ProvisioningDirectory = Provisioning };

    [Fact]
    public void Grafana_is_testbed_grafana_from_a_pinned_grafana_oss_image()
    {
        var grafana = DashboardsStackSpec.Grafana(Defaults, Secrets);

        Assert.Equal("testbed-grafana", grafana.Name);
        var image = ImageReference.Parse(grafana.Image);
        Assert.Equal("grafana/grafana-oss", image.Repository);
        Assert.Matches(@"^\d+\.\d+\.\d+$", image.Tag);
        Assert.Equal("grafana/grafana-oss:9.9.9", DashboardsStackSpec.Grafana(Defaults with { GrafanaImage = "grafana/grafana-oss:9.9.9" }, Secrets).Image);
    }

    [Fact]
    public void Grafana_mounts_the_repository_s_provisioning_read_only_at_etc_grafana_provisioning()
    {
        var mount = Assert.Single(DashboardsStackSpec.Grafana(Defaults, Secrets).BindMounts);

        Assert.Equal(new BindMount(Provisioning, "/etc/grafana/provisioning", ReadOnly: true), mount);
        Assert.True(Path.IsPathFullyQualified(mount.HostPath));
    }

    [Fact]
    public void Grafana_publishes_3000_on_every_interface_by_default_so_that_vagrant_s_forwarded_port_reaches_it()
    {
        var port = Assert.Single(DashboardsStackSpec.Grafana(Defaults, Secrets).Ports);

        Assert.Equal(new PublishedPort(3000, 3000, "0.0.0.0"), port);
        Assert.Equal(
            new PublishedPort(3000, 3300, "127.0.0.1"),
            Assert.Single(DashboardsStackSpec.Grafana(Defaults with { GrafanaPort = 3300, GrafanaBind = "127.0.0.1" }, Secrets).Ports));
    }

    [Fact]
    public void Grafana_is_healthy_when_its_api_health_answers_through_the_published_port()
    {
        Assert.Equal(new HttpHealthCheck(3000, "/api/health"), DashboardsStackSpec.Grafana(Defaults, Secrets).HealthCheck);
    }

    [Fact]
    public void Grafana_gets_the_generated_admin_password_no_anonymous_access_no_calls_home_and_no_plugin_installs()
    {
        var environment = DashboardsStackSpec.Grafana(Defaults, Secrets).Environment;

        Assert.Equal("admin", environment["GF_SECURITY_ADMIN_USER"]);
        Assert.Equal(Secrets.AdminPassword, environment["GF_SECURITY_ADMIN_PASSWORD"]);
        Assert.Equal("false", environment["GF_AUTH_ANONYMOUS_ENABLED"]);
        Assert.Equal("false", environment["GF_ANALYTICS_REPORTING_ENABLED"]);

        // The live view's one-second refresh is allowed: Grafana would hold it to 5 s.
        Assert.Equal("1s", environment["GF_DASHBOARDS_MIN_REFRESH_INTERVAL"]);
        Assert.Equal("false", environment["GF_ANALYTICS_CHECK_FOR_UPDATES"]);
        Assert.Equal("false", environment["GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES"]);
        Assert.False(environment.ContainsKey("GF_INSTALL_PLUGINS"));
    }

    [Fact]
    public void Grafana_s_datasource_variables_name_the_postgres_container_on_the_stack_s_network()
    {
        var environment = DashboardsStackSpec.Grafana(Defaults, Secrets).Environment;

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["TESTBED_DB_HOST"] = "testbed-postgres",
                ["TESTBED_DB_PORT"] = "5432",
                ["TESTBED_DB_NAME"] = "testbed",
                ["TESTBED_DB_USER"] = "grafana_reader",
                ["TESTBED_DB_PASSWORD"] = Secrets.ReaderPassword,
            },
            environment.Where(e => e.Key.StartsWith("TESTBED_", StringComparison.Ordinal)).ToDictionary());
        Assert.Equal("testbed-postgres", DashboardsStackSpec.Postgres(Defaults, Secrets).Name);
    }

    [Fact]
    public void Datasource_port_stays_5432_inside_the_network_whatever_the_host_port()
    {
        var options = Defaults with { DatabasePort = 15432 };

        Assert.Equal("5432", DashboardsStackSpec.Grafana(options, Secrets).Environment["TESTBED_DB_PORT"]);
        Assert.Equal(new PublishedPort(5432, 15432, "127.0.0.1"), Assert.Single(DashboardsStackSpec.Postgres(options, Secrets).Ports));
    }

    [Fact]
    public void Postgres_is_published_on_the_loopback_only_even_when_grafana_is_on_every_interface()
    {
        var stack = DashboardsStackSpec.Build(Defaults with { GrafanaBind = "0.0.0.0" }, Secrets);
        var postgres = stack.Containers.Single(c => c.Name == "testbed-postgres");

        Assert.Equal(new PublishedPort(5432, 15432, "127.0.0.1"), Assert.Single(postgres.Ports));
    }

    [Fact]
    public void Postgres_keeps_its_data_in_the_stack_s_named_volume_with_the_generated_password()
    {
        var stack = DashboardsStackSpec.Build(Defaults, Secrets);
        var postgres = stack.Containers[0];

        Assert.Equal("testbed-postgres", postgres.Name);
        Assert.Equal("postgres:15", postgres.Image);
        Assert.Equal([new VolumeMount("testbed-postgres-data", "/var/lib/postgresql/data")], postgres.Volumes);
        Assert.Equal(["testbed-postgres-data"], stack.Volumes);
        Assert.Equal(Secrets.DatabasePassword, postgres.Environment["POSTGRES_PASSWORD"]);
        Assert.Equal("testbed", postgres.Environment["POSTGRES_USER"]);
        Assert.Equal("testbed", postgres.Environment["POSTGRES_DB"]);
    }

    [Fact]
    public void Postgres_is_healthy_when_pg_isready_reaches_it_over_tcp()
    {
        var check = Assert.IsType<EngineHealthCheck>(DashboardsStackSpec.Postgres(Defaults, Secrets).HealthCheck);

        Assert.Equal(["CMD", "pg_isready", "--host=127.0.0.1", "--username=testbed", "--dbname=testbed"], check.Test);
    }

    [Fact]
    public void The_stack_starts_postgres_before_grafana_on_the_testbed_dashboards_network()
    {
        var stack = DashboardsStackSpec.Build(Defaults, Secrets);

        Assert.Equal("testbed-dashboards", stack.Network);
        Assert.Equal(["testbed-postgres", "testbed-grafana"], stack.Containers.Select(c => c.Name));
        Assert.All(stack.Containers, c => Assert.True(c.RestartUnlessStopped));
    }

    [Fact]
    public void Another_prefix_renames_every_object_and_the_datasource_host_with_them()
    {
        var stack = DashboardsStackSpec.Build(Defaults with { Names = new DashboardsNames("lab2") }, Secrets);

        Assert.Equal("lab2-dashboards", stack.Network);
        Assert.Equal(["lab2-postgres-data"], stack.Volumes);
        Assert.Equal(["lab2-postgres", "lab2-grafana"], stack.Containers.Select(c => c.Name));
        Assert.Equal("lab2-postgres", stack.Containers[1].Environment["TESTBED_DB_HOST"]);
    }

    [Fact]
    public void Secrets_do_not_show_when_the_record_is_printed()
    {
        Assert.DoesNotContain(Secrets.AdminPassword, Secrets.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secrets.DatabasePassword, Secrets.ToString(), StringComparison.Ordinal);
    }
}
