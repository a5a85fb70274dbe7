using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Testbed.Cli.Doctor;
using Testbed.Cli.Runs;
using Testbed.Control.Cluster;
using Testbed.Control.Runs;
using Testbed.Experiments.Files;
using Testbed.Experiments.Model;
using Testbed.Mechanisms.Mobility;
using Testbed.Network.Wan;
using Testbed.Results.Files;
using Testbed.Results.Records;
using Testbed.Results.Store;
using Testbed.Results.Summary;
using Testbed.Topology.Routing;
using Testbed.Workload.Records;

namespace Testbed.Cli.Commands;

/// <summary>
/// `testbed run FILE`: the README's main command. Runs the experiment end to end, shows its
/// progress, and leaves results/EXPERIMENT/RUN_ID/ with every record and summary.json.
/// </summary>
internal sealed class RunCommand : AsyncCommand<RunCommand.Settings>
{
    /// <summary>The exit code of a run stopped by Ctrl-C: its records and summary are still written.</summary>
    public const int InterruptedExitCode = 130;

    /// <summary>The exit code of a run that completed degraded (summary.json status "degraded"): an unscripted failure on the way, or links its emulator did not keep to.</summary>
    public const int DegradedExitCode = 3;

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<experiment>")]
        [Description("The experiment file (YAML), e.g. experiments/paper/follow-the-users.yaml.")]
        public string Experiment { get; init; } = "";

        [CommandOption("--out <DIR>")]
        [Description("Write the results here instead of results/EXPERIMENT/RUN_ID/ (for a sweep, results/EXPERIMENT/SWEEP_ID/); it must be empty or new.")]
        public string? Out { get; init; }

        [CommandOption("--mechanism <NAME>")]
        [Description("Run under this mechanism instead of the file's: overlay, home-tunnel, l2-stretch or readdress.")]
        public string? Mechanism { get; init; }

        [CommandOption("--policy <NAME>")]
        [Description("Run under this placement policy instead of the file's: static, scripted, follow-users or replicate-on-demand.")]
        public string? Policy { get; init; }

        [CommandOption("--seed <N>")]
        [Description("Seed for the users' request times instead of the file's.")]
        public int? Seed { get; init; }

        [CommandOption("--verbose")]
        [Description("Write everything to the run's log (run.log in its results): Orleans' information and the testbed's debug messages too, not only the phases, timeline steps and warnings.")]
        public bool Verbose { get; init; }

        [CommandOption("--results-db <CONNECTION>")]
        [Description("Write the run to this PostgreSQL database (Host=...;Database=...;Username=..., or postgresql://USER@HOST/DB; its password from PGPASSWORD or a password file, never here) or SQLite file (*.db) instead of results/testbed.db; TESTBED_RESULTS_DB does the same.")]
        public string? ResultsDb { get; init; }

        [CommandOption("--link-emulation <KIND>")]
        [Description("auto (default: netem where the kernel has it), netem, or userspace.")]
        public string LinkEmulation { get; init; } = "auto";

        [CommandOption("--cluster <FILE>")]
        [Description("Run over the lab machines of this cluster file (each running 'testbed worker'), from this one, its coordinator: the WAN split over them, cut links in VXLAN tunnels, the results gathered here.")]
        public string? Cluster { get; init; }

        [CommandOption("--pin <NODE=HOST>")]
        [Description("With --cluster: build this topology node (a data center, router or site) on this host; repeatable. The rest is spread by the guests' CPU and the links cut.")]
        public string[] Pins { get; init; } = [];

        public override ValidationResult Validate()
        {
            if (Mechanism is not null && !MechanismNames.All.Contains(Mechanism))
            {
                return ValidationResult.Error($"--mechanism: unknown '{Mechanism}' (known: {string.Join(", ", MechanismNames.All)})");
            }

            if (Policy is not null && !PolicyNames.All.Contains(Policy))
            {
                return ValidationResult.Error($"--policy: unknown '{Policy}' (known: {string.Join(", ", PolicyNames.All)})");
            }

            if (Pins.Length > 0 && Cluster is null)
            {
                return ValidationResult.Error("--pin places a node on a host of a cluster: give --cluster FILE too");
            }

            if (Pins.FirstOrDefault(p => p.Split('=') is not [{ Length: > 0 }, { Length: > 0 }]) is { } badPin)
            {
                return ValidationResult.Error($"--pin: '{badPin}' is not NODE=HOST");
            }

            if (Pins.GroupBy(p => p.Split('=')[0]).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                return ValidationResult.Error($"--pin: {twice.Key} is pinned {twice.Count()} times");
            }

            return Enum.TryParse<LinkEmulation>(LinkEmulation, ignoreCase: true, out _)
                ? ValidationResult.Success()
                : ValidationResult.Error($"--link-emulation: unknown '{LinkEmulation}' (known: auto, netem, userspace)");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (LoadPlanOrReport(settings.Experiment) is not { } loaded)
        {
            return ValidateCommand.InvalidExitCode;
        }

        ExperimentPlan plan;
        try
        {
            foreach (var (option, field) in (ReadOnlySpan<(string?, string)>)[(settings.Mechanism, "mechanism"), (settings.Policy, "policy.kind"), (settings.Policy, "policy")])
            {
                if (option is not null && loaded.SweptFields.Contains(field))
                {
                    throw new ArgumentException($"the file sweeps '{field}', so the command line cannot set it");
                }
            }

            plan = loaded.Select(e => ExperimentOverrides.Apply(e, settings.Mechanism, settings.Policy, settings.Seed));
        }
        catch (ArgumentException e)
        {
            throw new UserFacingException($"{settings.Experiment}: {e.Message}");
        }

        ResultsDatabaseLocation database;
        try
        {
            // A database the run could not write to is said now, not after the run.
            database = ResultsDatabaseLocation.Choose(settings.ResultsDb, ResultsRoot());
        }
        catch (ResultsDatabaseException e)
        {
            throw new UserFacingException(e.Message);
        }

        RootRequirement.Demand("run");
        var options = new RunOptions
        {
            ExamineMachine = MachineDoctor.ExamineAsync,
            ResultsRoot = ResultsRoot(),
            OutputDirectory = settings.Out,
            Verbose = settings.Verbose,
            LinkEmulation = Enum.Parse<LinkEmulation>(settings.LinkEmulation, ignoreCase: true),
            Interruption = ProcessInterruption.Current,

            // A PostgreSQL database (Grafana's) gets the run as it goes; the default SQLite file only at the end, as before.
            LiveResults = database.Kind == ResultsDatabaseKind.Postgres ? database : null,
            Cluster = settings.Cluster is { } clusterFile
                ? new ClusterRunOptions(ClusterConfigFile.Load(clusterFile), settings.Pins.Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal))
                : null,
        };
        if (plan.IsSweep)
        {
            return await SweepRunner.RunAsync(plan, settings.Experiment, options, settings.ResultsDb, cancellationToken);
        }

        var experiment = plan.Base;
        var display = new RunProgressDisplay(experiment);
        Console.Error.WriteLine($"testbed: running {experiment.Name} ({experiment.Duration.TotalSeconds:0.#} s, {experiment.Mechanism.Name()}, {PolicyNames.Name(experiment.Policy.Kind)}, seed {experiment.Seed})");
        RunOutcome outcome;
        try
        {
            outcome = await ExperimentRunner.RunAsync(experiment, options, display.Show, cancellationToken);
        }
        catch (Testbed.Topology.Partitioning.PartitionException e)
        {
            throw new UserFacingException($"{settings.Experiment}: --cluster: {e.Message}");
        }

        RunSummaryTable.Write(outcome);
        await RunAftermath.FinishAsync(outcome.Directory, settings.ResultsDb, CancellationToken.None);
        return ExitCodeOf(outcome);
    }

    /// <summary>The exit code of a run by its status, with a line on standard error for anything but a clean completion.</summary>
    internal static int ExitCodeOf(RunOutcome outcome)
    {
        var summary = outcome.Summary;
        if (outcome.SummaryNotWritten is { } unwritten)
        {
            Console.Error.WriteLine($"testbed: summary.json could not be written: {unwritten}");
        }

        foreach (var fault in summary.Faults)
        {
            var at = fault.TimeS is { } t ? $" at t={t:0.###} s" : " before the timeline";
            var recovery = fault.Recovery is null ? "" : $" ({fault.Recovery})";
            Console.Error.WriteLine($"testbed: {EnumWords<FaultEffect>.Word(fault.Effect)}: {fault.Component}{at}: {fault.Cause}{recovery}");
        }

        switch (summary.Status)
        {
            case RunStatus.Completed when outcome.SummaryNotWritten is null:
                return 0;
            case RunStatus.Completed:
                return 1;
            case RunStatus.Degraded:
                if (summary.Fidelity.IsDegraded)
                {
                    Console.Error.WriteLine($"testbed: the links were off-spec in {summary.Fidelity.OffSpecSeconds} of {summary.Fidelity.TimelineSeconds} s (see links.csv): the figures describe a slower network than the experiment's");
                }

                Console.Error.WriteLine($"testbed: the run completed degraded; its figures include what is said above, and its records are in {outcome.Directory}");
                return DegradedExitCode;
            default:
                Console.Error.WriteLine($"testbed: the run did not complete: {summary.Error}; what it recorded is in {outcome.Directory}, and what happened in {Path.Combine(outcome.Directory, ResultsFileNames.Log)}");
                return summary.Status == RunStatus.Interrupted ? InterruptedExitCode : 1;
        }
    }

    /// <summary>The plan of the experiment file; null, with each of its problems printed as file:line:col, when it has none to run.</summary>
    internal static ExperimentPlan? LoadPlanOrReport(string file)
    {
        var (loaded, problems) = ExperimentLoader.CheckPlan(file);
        if (loaded is null)
        {
            foreach (var problem in problems)
            {
                Console.Out.WriteLine(problem.ToString());
            }
        }

        return loaded;
    }

    /// <summary>TESTBED_RESULTS_DIR, or results/ in the current directory (the repository's, when run through testbed/testbed).</summary>
    public static string ResultsRoot() =>
        Environment.GetEnvironmentVariable("TESTBED_RESULTS_DIR") is { Length: > 0 } path ? path : Path.Combine(Environment.CurrentDirectory, "results");
}
