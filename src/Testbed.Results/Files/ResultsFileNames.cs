namespace Testbed.Results.Files;

/// <summary>The files of one run's results directory, results/EXPERIMENT/RUN_ID/.</summary>
public static class ResultsFileNames
{
    public const string Experiment = "experiment.yaml";
    public const string Environment = "environment.json";
    public const string Events = "events.jsonl";
    public const string Requests = "requests.csv";
    public const string Probes = "probes.csv";
    public const string Migrations = "migrations.csv";
    public const string Replications = "replications.csv";
    public const string Calibration = "calibration.csv";
    public const string Cpu = "cpu.csv";
    public const string Links = "links.csv";
    public const string GuestCalibration = "guest-calibration.csv";
    public const string Paths = "paths.csv";

    /// <summary>Every change of a user's site: a mobile group's handovers and a group move's steps.</summary>
    public const string Handovers = "handovers.csv";

    /// <summary>Mobile groups' planned tracks, sampled, with the site each user is attached to: the report's map.</summary>
    public const string Tracks = "tracks.csv";

    /// <summary>The WAN's located nodes and links, for the report's map.</summary>
    public const string Map = "map.csv";
    public const string Summary = "summary.json";

    /// <summary>The control plane's log: the phases, each timeline step, Orleans' warnings and errors, and (--verbose) the rest.</summary>
    public const string Log = "run.log";

    /// <summary>Every file a completed run has; a run cut short has all but the summary.</summary>
    public static IReadOnlyList<string> CompletedRun { get; } =
        [Experiment, Environment, Events, Requests, Probes, Migrations, Calibration, Cpu, Links, Summary, Log];
}
