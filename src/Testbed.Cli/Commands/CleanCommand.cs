using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Testbed.Lab.Cleaning;
using Testbed.Lab.Runs;

namespace Testbed.Cli.Commands;

/// <summary>
/// `testbed clean [--force] [--json]`: what crashed runs left under the runtime root goes, as
/// `mn -c` does for Mininet; a run whose `testbed run` still lives is left alone unless forced.
/// </summary>
internal sealed class CleanCommand : AsyncCommand<CleanCommand.Settings>
{
    public sealed class Settings : JsonSettings
    {
        [CommandOption("--force")]
        [Description("Also remove runs whose testbed run still lives: their network and processes go under them.")]
        public bool Force { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        RootRequirement.Demand("clean");
        var root = RuntimeRoot.FromEnvironment();
        var report = await LabCleaner.CleanAllAsync(root, settings.Force, cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(report);
        }
        else if (report.NothingFound)
        {
            AnsiConsole.MarkupLine($"Nothing to clean under {Markup.Escape(root.Path)}.");
        }
        else
        {
            Print("stopped", report.StoppedProcesses);
            Print("removed", report.RemovedInterfaces);
            Print("removed namespace", report.RemovedNamespaces);
            Print("removed socket", report.RemovedSockets);
            Print("removed run directory", report.RemovedRunDirectories);
            Print("left alone the live run", report.LiveRunsLeft.Select(r => r + "; --force removes it"));
            foreach (var problem in report.Problems)
            {
                AnsiConsole.MarkupLine($"[red]could not clean[/] {Markup.Escape(problem)}");
            }
        }

        return report.Problems.Count == 0 ? 0 : 1;
    }

    private static void Print(string verb, IEnumerable<string> items)
    {
        foreach (var item in items)
        {
            AnsiConsole.MarkupLine($"{verb} {Markup.Escape(item)}");
        }
    }
}
