namespace Testbed.Architecture.Tests;

/// <summary>
/// The allowed graph. Data flows experiment -> control -> libraries -> results: the pure
/// vocabularies (Topology, Workload) know nothing; Lab holds the Linux primitives and knows
/// no engine client; the libraries that run things (Network, Overlay, Qemu, Mechanisms) know
/// nothing of experiment files, grains or results; Experiments knows no library that runs
/// anything, so validating a file needs neither root nor Python nor Docker; Control composes
/// the run; the CLI composes everything, the doctor's probes included.
/// </summary>
internal static class ProjectGraph
{
    private const string Cli = "Testbed.Cli";
    private const string Client = "Testbed.Client";
    private const string Contracts = "Testbed.Control.Contracts";
    private const string Control = "Testbed.Control";
    private const string Dashboards = "Testbed.Dashboards";
    private const string Experiments = "Testbed.Experiments";
    private const string Guest = "Testbed.Guest";
    private const string Lab = "Testbed.Lab";
    private const string Mechanisms = "Testbed.Mechanisms";
    private const string Mobility = "Testbed.Mobility";
    private const string Network = "Testbed.Network";
    private const string Overlay = "Testbed.Overlay";
    private const string Qemu = "Testbed.Qemu";
    private const string Results = "Testbed.Results";
    private const string Router = "Testbed.Router";
    private const string Topology = "Testbed.Topology";
    private const string Workload = "Testbed.Workload";

    /// <summary>The projects each project may name as a ProjectReference.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> MayReference = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [Workload] = [],
        [Topology] = [],
        [Mobility] = [Topology],
        [Lab] = [],
        [Network] = [Lab, Topology, Workload],
        [Overlay] = [Lab, Topology, Workload],
        [Qemu] = [Lab, Workload],
        [Mechanisms] = [Network, Overlay, Qemu],
        [Experiments] = [Mobility, Topology, Workload],
        [Results] = [Workload],
        [Contracts] = [],
        [Control] = [Contracts, Experiments, Lab, Mechanisms, Mobility, Network, Overlay, Qemu, Results, Topology, Workload],
        [Dashboards] = [Lab],
        [Client] = [Lab, Workload],
        [Guest] = [Workload],
        [Router] = [Overlay],
        [Cli] = [Client, Control, Dashboards, Experiments, Lab, Mechanisms, Mobility, Network, Qemu, Results, Router, Topology, Workload],
    };

    /// <summary>The projects that may name each package: an engine client or a format lives in one place.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> MayTakePackage = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["CliWrap"] = [Lab],
        ["pythonnet"] = [Network],
        ["Docker.DotNet"] = [Dashboards],
        ["Microsoft.Orleans.Sdk"] = [Contracts, Control],
        ["Microsoft.Orleans.Server"] = [Control],

        // The lab cluster's membership: Orleans' provider, on the lab's PostgreSQL.
        ["Microsoft.Orleans.Clustering.AdoNet"] = [Control],
        ["Microsoft.Extensions.Hosting"] = [Control],
        ["Serilog.Extensions.Logging"] = [Control],
        ["Serilog.Sinks.File"] = [Control],
        ["YamlDotNet"] = [Experiments],
        ["JsonSchema.Net"] = [Experiments],
        ["CsvHelper"] = [Results],
        ["Microsoft.Data.Sqlite"] = [Results],
        ["Npgsql"] = [Control, Results],
        ["MathNet.Numerics"] = [Results],
        ["ScottPlot"] = [Results],
        ["Spectre.Console"] = [Cli],
        ["Spectre.Console.Cli"] = [Cli],
    };

    /// <summary>The compiled assembly of each project, where its name is not the project's.</summary>
    public static string AssemblyOf(string project) => project switch
    {
        Cli => "testbed",
        Client => "testbed-client",
        Guest => "testbed-guest",
        Router => "testbed-router",
        _ => project,
    };

    /// <summary>Every project <paramref name="project"/> may depend on, directly or through others.</summary>
    public static IReadOnlySet<string> MayDependOn(string project)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(MayReference[project]);
        while (pending.TryPop(out var next))
        {
            if (found.Add(next))
            {
                foreach (var further in MayReference[next])
                {
                    pending.Push(further);
                }
            }
        }

        return found;
    }
}
