using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Testbed.Cli.Bench;
using Testbed.Cli.Doctor;
using Testbed.Cli.Runs;
using Testbed.Control.Runs;
using Testbed.Network.Wan;
using Testbed.Results.Comparison;
using Testbed.Results.Summary;

namespace Testbed.Cli.Commands;

/// <summary>
/// What the harness costs the guests: an experiment run several times, as `testbed run`
/// runs it, and the CPU of every process in each timeline phase, over the runs.
/// </summary>
internal sealed class BenchHarnessCommand : AsyncCommand<BenchHarnessCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--json")]
        [Description("Print one JSON object (experiment, runs, rows) instead of a table.")]
        public bool Json { get; init; }

        [CommandOption("--experiment <FILE>")]
        [Description("The experiment to run (default experiments/examples/one-move.yaml); one that sweeps is refused.")]
        public string Experiment { get; init; } = Path.Combine("experiments", "examples", "one-move.yaml");

        [CommandOption("--runs <N>")]
        [Description("How many times to run it (default 3).")]
        public int Runs { get; init; } = 3;

        public override ValidationResult Validate() =>
            Runs is < 1 or > 50 ? ValidationResult.Error("--runs takes a number of runs from 1 to 50") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (RunCommand.LoadPlanOrReport(settings.Experiment) is not { } loaded)
        {
            return ValidateCommand.InvalidExitCode;
        }

        if (loaded.IsSweep)
        {
            throw new UserFacingException($"{settings.Experiment}: bench harness runs one experiment; this file sweeps, so run one of its points");
        }

        RootRequirement.Demand("bench harness");
        var experiment = loaded.Base;
        var options = new RunOptions { ExamineMachine = MachineDoctor.ExamineAsync, ResultsRoot = RunCommand.ResultsRoot(), LinkEmulation = LinkEmulation.Auto };
        var summaries = new List<RunSummary>();
        for (var i = 1; i <= settings.Runs; i++)
        {
            Console.Error.WriteLine($"testbed: {experiment.Name}, run {i} of {settings.Runs}...");
            var outcome = await ExperimentRunner.RunAsync(experiment, options, _ => { }, cancellationToken);
            await RunAftermath.FinishAsync(outcome.Directory, null, CancellationToken.None);
            if (!outcome.Summary.Completed)
            {
                Console.Error.WriteLine($"testbed: run {i} did not complete: {outcome.Summary.Error}; what it recorded is in {outcome.Directory}");
                return 1;
            }

            Console.Error.WriteLine($"testbed: {outcome.Directory}");
            summaries.Add(outcome.Summary);
        }

        var rows = Rows(summaries);
        if (settings.Json)
        {
            JsonOutput.Write(new { experiment = experiment.Name, runs = summaries.Count, rows });
            return 0;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"CPU, % of one core: {experiment.Name}, {summaries.Count} runs");
        foreach (var column in (string[])["phase", "figure", "mean ± 95%", "min", "max"])
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Phase, row.Figure, row.CorePct.Text(), row.MinCorePct.ToString("0.0", CultureInfo.InvariantCulture), row.MaxCorePct.ToString("0.0", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("[grey]Each run's summary.json, phase by phase: harness is every process but the guests (link emulator, control, clients, routers); host idle is the idle time of all cores. cpu.csv in each run has the seconds.[/]");
        return 0;
    }

    /// <summary>Per phase (in timeline order), the harness, the guests, the host's idle time and each role, over the runs that have the phase.</summary>
    private static List<HarnessBenchRow> Rows(IReadOnlyList<RunSummary> summaries)
    {
        var rows = new List<HarnessBenchRow>();
        foreach (var phase in summaries.SelectMany(s => s.Cpu.Keys).Distinct())
        {
            var phases = summaries.Where(s => s.Cpu.ContainsKey(phase)).Select(s => s.Cpu[phase]).ToList();
            void Add(string figure, IReadOnlyList<double> values) =>
                rows.Add(new HarnessBenchRow(phase, figure, Estimate.Of(values), values.Min(), values.Max()));

            Add("harness", [.. phases.Select(p => p.HarnessCorePct)]);
            Add("guests", [.. phases.Select(p => p.GuestsCorePct)]);
            Add("host idle", [.. phases.Select(p => p.HostIdleCorePct)]);
            foreach (var role in phases.SelectMany(p => p.RoleCorePct.Keys).Distinct().Order(StringComparer.Ordinal))
            {
                Add(role, [.. phases.Select(p => p.RoleCorePct.GetValueOrDefault(role))]);
            }
        }

        return rows;
    }
}
