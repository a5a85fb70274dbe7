using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Testbed.Dashboards;
using Testbed.Dashboards.Engine;
using Testbed.Dashboards.Stack;
using Testbed.Lab.Runs;

namespace Testbed.Cli.Commands;

/// <summary>`testbed dashboards down [--purge]`: removes the containers and their network; the data stays unless purged.</summary>
internal sealed class DashboardsDownCommand : AsyncCommand<DashboardsDownCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--purge")]
        [Description("Also delete the results database's volume and its password: every result stored there is lost.")]
        public bool Purge { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        RootRequirement.Demand("dashboards down");
        var options = new DashboardsOptions { ProvisioningDirectory = ProvisioningDirectory.Find() };
        DashboardsDownResult result;
        try
        {
            result = await new DashboardsService(DockerEngineOptions.For(RuntimeRoot.FromEnvironment()), DashboardsUpCommand.GrantReaderAsync).DownAsync(options, settings.Purge, cancellationToken);
        }
        catch (DashboardsException failure)
        {
            throw new UserFacingException(failure.Message);
        }

        foreach (var line in DashboardsText.Down(result))
        {
            AnsiConsole.Profile.Out.Writer.WriteLine(line);
        }

        return 0;
    }
}
