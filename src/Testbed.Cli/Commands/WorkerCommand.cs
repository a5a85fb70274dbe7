using System.ComponentModel;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;
using Testbed.Cli.Doctor;
using Testbed.Cli.Runs;
using Testbed.Control.Cluster;

namespace Testbed.Cli.Commands;

/// <summary>
/// `testbed worker --cluster FILE --host NAME`: this machine's silo joins the cluster and serves
/// it until SIGINT or SIGTERM, when it leaves the membership in order.
/// </summary>
internal sealed class WorkerCommand : AsyncCommand<WorkerCommand.Settings>
{
    public sealed class Settings : ClusterSettings
    {
        [CommandOption("--host <NAME>")]
        [Description("Which of the cluster file's hosts this machine is (default: the one named as this machine).")]
        public string? Host { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        RootRequirement.Demand("worker");
        var config = ClusterConfigFile.Load(settings.Cluster);
        var name = settings.Host ?? Environment.MachineName;
        if (config.Hosts.All(h => h.Name != name))
        {
            throw new UserFacingException(
                $"{settings.Cluster}: no host '{name}' (hosts: {string.Join(", ", config.Hosts.Select(h => h.Name))}); give --host NAME");
        }

        // What this host records of a run stays in its results folder too, under cluster/RUN_ID/HOST.
        await using var agent = new HostRunAgent(config, name, RunCommand.ResultsRoot(), MachineDoctor.ExamineAsync);

        // The terminal (or the service's journal) gets Orleans' warnings: a member suspected or declared dead, a lost database.
        using var silo = await LabClusterMember.StartAsync(config, name, logging => logging
            .SetMinimumLevel(LogLevel.Warning)

            // Its start-up note on server GC, which a lab machine of two cores does not want, is not a warning of the cluster.
            .AddFilter("Orleans.Runtime.Silo", LogLevel.Error)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace), agent, cancellationToken);
        var joined = $"worker {name} joined cluster {config.ClusterId} at {config.Host(name).Address}:{config.SiloPort} (pid {Environment.ProcessId})";
        if (settings.Json)
        {
            JsonOutput.Write(new { Host = name, config.ClusterId, Address = config.Host(name).Address.ToString(), config.SiloPort, config.GatewayPort, Pid = Environment.ProcessId });
        }
        else
        {
            AnsiConsole.WriteLine(joined);
        }

        await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);

        // Leaving in order tells the others at once; a worker killed instead is found dead by their probes.
        // A run still joined is torn down with the agent.
        await silo.StopAsync(CancellationToken.None);
        return 0;
    }
}
