using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Testbed.Control.Cluster;

namespace Testbed.Cli.Commands;

/// <summary>
/// `testbed cluster status --cluster FILE [--json]`: each host of the file, its membership,
/// whose process answered for it, and its clock's offset from this machine's. Exits 1 when a
/// host is not an active member that answers.
/// </summary>
internal sealed class ClusterStatusCommand : AsyncCommand<ClusterSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ClusterSettings settings, CancellationToken cancellationToken)
    {
        var config = ClusterConfigFile.Load(settings.Cluster);
        IReadOnlyList<HostStatus> hosts;
        using (var client = await LabClusterClient.ConnectAsync(config, cancellationToken))
        {
            hosts = await ClusterProbe.ProbeAsync(client.Client(), config, cancellationToken);
            await client.StopAsync(CancellationToken.None);
        }

        if (settings.Json)
        {
            JsonOutput.Write(new { config.ClusterId, Hosts = hosts });
        }
        else
        {
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("host").AddColumn("address").AddColumn("membership").AddColumn("answered by").AddColumn("clock offset ms").AddColumn("round trip ms");
            foreach (var host in hosts)
            {
                table.AddRow(
                    Markup.Escape(host.Name),
                    host.Address,
                    host.Membership == "active" ? "[green]active[/]" : $"[red]{Markup.Escape(host.Membership)}[/]",
                    host.Answered ? Markup.Escape($"pid {host.ProcessId} on {host.MachineName} ({host.Cores} cores)") : Markup.Escape(host.Error ?? "-"),
                    host.Clock is { } c ? string.Create(CultureInfo.InvariantCulture, $"{c.OffsetMs:+0.000;-0.000} ± {c.UncertaintyMs:0.000}") : "-",
                    host.Clock is { } r ? r.RoundTripMs.ToString("0.000", CultureInfo.InvariantCulture) : "-");
            }

            AnsiConsole.Write(table);
        }

        return hosts.All(h => h.Answered) ? 0 : 1;
    }
}
