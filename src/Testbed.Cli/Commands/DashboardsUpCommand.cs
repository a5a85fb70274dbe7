using System.ComponentModel;
using System.Net;
using Spectre.Console;
using Spectre.Console.Cli;
using Testbed.Dashboards;
using Testbed.Dashboards.Engine;
using Testbed.Dashboards.Stack;
using Testbed.Lab.Runs;
using Testbed.Results.Store;

namespace Testbed.Cli.Commands;

/// <summary>`testbed dashboards up`: Grafana and its PostgreSQL in Docker, idempotently.</summary>
internal sealed class DashboardsUpCommand : AsyncCommand<DashboardsUpCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--port <N>")]
        [Description("Host port for Grafana (default 3000, the port the Vagrantfile forwards).")]
        public int Port { get; init; } = DashboardsNames.GrafanaContainerPort;

        [CommandOption("--bind <IP>")]
        [Description("Host address Grafana's port is published on (default 0.0.0.0, so that Vagrant's forwarded port reaches it; 127.0.0.1 keeps it to this machine).")]
        public string Bind { get; init; } = "0.0.0.0";

        [CommandOption("--db-port <N>")]
        [Description("Host port for the results database, on 127.0.0.1 only (default 15432, clear of the host's own PostgreSQL on 5432).")]
        public int DatabasePort { get; init; } = DashboardsOptions.DefaultDatabasePort;

        [CommandOption("--grafana-image <IMAGE>")]
        [Description($"Grafana image (default {DashboardsOptions.DefaultGrafanaImage}).")]
        public string GrafanaImage { get; init; } = DashboardsOptions.DefaultGrafanaImage;

        [CommandOption("--postgres-image <IMAGE>")]
        [Description($"PostgreSQL image (default {DashboardsOptions.DefaultPostgresImage}).")]
        public string PostgresImage { get; init; } = DashboardsOptions.DefaultPostgresImage;

        public override ValidationResult Validate() =>
            Port is < 1 or > 65535 || DatabasePort is < 1 or > 65535
                ? ValidationResult.Error("--port and --db-port take a port number from 1 to 65535")
                : !IPAddress.TryParse(Bind, out _)
                    ? ValidationResult.Error($"--bind takes an IP address such as 0.0.0.0 or 127.0.0.1, not '{Bind}'")
                    : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        RootRequirement.Demand("dashboards up");
        var options = new DashboardsOptions
        {
            ProvisioningDirectory = ProvisioningDirectory.Find(),
            GrafanaPort = settings.Port,
            GrafanaBind = settings.Bind,
            DatabasePort = settings.DatabasePort,
            GrafanaImage = settings.GrafanaImage,
            PostgresImage = settings.PostgresImage,
        };
        Console.Error.WriteLine("testbed: bringing up Grafana and PostgreSQL in Docker...");
        DashboardsUpResult result;
        try
        {
            result = await new DashboardsService(DockerEngineOptions.For(RuntimeRoot.FromEnvironment()), GrantReaderAsync).UpAsync(options, cancellationToken);
        }
        catch (Exception failure) when (failure is DashboardsException or ResultsDatabaseException)
        {
            throw new UserFacingException(failure.Message);
        }

        foreach (var line in DashboardsText.Up(result))
        {
            AnsiConsole.Profile.Out.Writer.WriteLine(line);
        }

        return 0;
    }

    /// <summary>Grafana's read-only role, made in the lab's PostgreSQL through its published port.</summary>
    internal static Task GrantReaderAsync(ReadOnlyRoleGrant grant, CancellationToken cancellationToken) =>
        ReadOnlyRole.EnsureAsync(ResultsDatabaseConnection.For(grant.DatabasePort, grant.OwnerPassword), grant.Reader, grant.ReaderPassword, cancellationToken);
}
