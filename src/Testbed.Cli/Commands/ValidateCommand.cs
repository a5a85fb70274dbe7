using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Testbed.Experiments.Files;

namespace Testbed.Cli.Commands;

/// <summary>
/// `testbed validate FILE...`: every problem of every file as "file:line:col: message", the
/// form editors and CI logs link to; exit 2 if there was any. Needs no root and starts nothing.
/// </summary>
internal sealed class ValidateCommand : Command<ValidateCommand.Settings>
{
    public const int InvalidExitCode = 2;

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<files>")]
        [Description("Experiment files (YAML) to check against experiments/schema.json and each other's names.")]
        public string[] Files { get; init; } = [];
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var invalid = 0;
        foreach (var file in settings.Files)
        {
            var (plan, problems) = ExperimentLoader.CheckPlan(file);
            foreach (var problem in problems)
            {
                // Plain writes, not markup: the messages quote the file, brackets and all.
                Console.Out.WriteLine(problem.ToString());
            }

            if (problems.Count > 0)
            {
                invalid++;
            }
            else
            {
                var sweep = plan is { IsSweep: true } ? $" ({plan.Points.Count} point(s) × {plan.Repeat} = {plan.RunCount} runs)" : "";
                AnsiConsole.MarkupLineInterpolated($"{file}: [green]valid[/]{sweep}");
            }
        }

        if (invalid > 0)
        {
            Console.Error.WriteLine($"testbed: {invalid} of {settings.Files.Length} file(s) invalid");
            return InvalidExitCode;
        }

        return 0;
    }
}
