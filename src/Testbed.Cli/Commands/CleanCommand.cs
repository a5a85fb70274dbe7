using Spectre.Console;
using Spectre.Console.Cli;
using Testbed.Lab.Cleaning;
using Testbed.Lab.Runs;

namespace Testbed.Cli.Commands;

/// <summary>`testbed clean [--json]`: everything under the runtime root goes, live or not, as `mn -c` does for Mininet.</summary>
internal sealed class CleanCommand : AsyncCommand<JsonSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, JsonSettings settings, CancellationToken cancellationToken)
    {
        RootRequirement.Demand("clean");
        var root = RuntimeRoot.FromEnvironment();
        var report = await LabCleaner.CleanAllAsync(root, cancellationToken);
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
