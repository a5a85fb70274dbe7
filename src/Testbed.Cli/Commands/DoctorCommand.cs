using Spectre.Console;
using Spectre.Console.Cli;
using Testbed.Cli.Doctor;
using Testbed.Lab.Doctor;
using Testbed.Lab.Runs;

namespace Testbed.Cli.Commands;

/// <summary>`testbed doctor [--json]`.</summary>
internal sealed class DoctorCommand : AsyncCommand<JsonSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, JsonSettings settings, CancellationToken cancellationToken)
    {
        RootRequirement.Demand("doctor");
        var report = await MachineDoctor.ExamineAsync(RuntimeRoot.FromEnvironment(), cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(report);
            return 0;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("").AddColumn("check").AddColumn("found").AddColumn("if missing: what it disables, and how to get it");
        foreach (var finding in report.Findings)
        {
            table.AddRow(
                finding.Ok ? "[green]ok[/]" : "[red]no[/]",
                Markup.Escape(finding.Item),
                Markup.Escape(finding.Found),
                finding.Ok ? "" : Markup.Escape($"disables {finding.Disables}. Get it: {finding.Remedy}."));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"VMs will use [bold]{Markup.Escape(report.Accel ?? "nothing (QEMU cannot run a guest)")}[/]; links will use [bold]{(report.Netem ? "netem" : "user-space emulation")}[/].");
        return 0;
    }
}
