using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Testbed.Cli.Bench;
using Testbed.Lab.Runs;
using Testbed.Network.Calibration;
using Testbed.Network.Wan;

namespace Testbed.Cli.Commands;

/// <summary>`testbed bench links [--json]`: how faithful the emulated WAN is here, and how fast it builds.</summary>
internal sealed class BenchLinksCommand : AsyncCommand<BenchLinksCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--json")]
        [Description("Print one JSON object (links, build) instead of tables.")]
        public bool Json { get; init; }

        [CommandOption("--delays <MS>")]
        [Description("One-way link delays to measure, in ms, comma-separated (default 1,10,50,100).")]
        public string Delays { get; init; } = "1,10,50,100";

        [CommandOption("--rates <MBPS>")]
        [Description("Link rates to measure, in Mbit/s, comma-separated (default 100,1000).")]
        public string Rates { get; init; } = "100,1000";

        [CommandOption("--loads <PCT>")]
        [Description("Link loads in percent of its rate, comma-separated (default 0,50,90).")]
        public string Loads { get; init; } = "0,50,90";

        [CommandOption("--nodes <N>")]
        [Description("Networks to build, calibrate and tear down, comma-separated: a number of nodes (a ring), or an Internet Topology Zoo GraphML file, such as experiments/topologies/Cogentco.graphml (default 10,50,100).")]
        public string Nodes { get; init; } = "10,50,100";

        [CommandOption("--cpu-busy <N>")]
        [Description("Measure the links while N processes spin on the CPU, as TCG guests do (default 0: a quiet host).")]
        public int CpuBusy { get; init; }

        [CommandOption("--many-links <N>")]
        [Description("Also load N links of 100 Mbit/s and 10 ms at 90% at once, each probed (default 10; 0 leaves the case out).")]
        public int ManyLinks { get; init; } = 10;

        [CommandOption("--emulation <KIND>")]
        [Description("auto (netem where the kernel has it), netem or userspace.")]
        public LinkEmulation Emulation { get; init; } = LinkEmulation.Auto;

        /// <summary>Each network of --nodes: a ring's size, or a GraphML file; null when one is neither.</summary>
        public static IReadOnlyList<(int? Ring, string? GraphMl)>? NetworkSizes(string text)
        {
            var networks = new List<(int?, string?)>();
            foreach (var token in text.Split(',', StringSplitOptions.TrimEntries))
            {
                if (token.EndsWith(".graphml", StringComparison.OrdinalIgnoreCase))
                {
                    networks.Add((null, token));
                }
                else if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var nodes) && nodes >= 8)
                {
                    networks.Add((nodes, null));
                }
                else
                {
                    return null;
                }
            }

            return networks;
        }

        public override ValidationResult Validate() =>
            BenchMigrationCommand.Settings.Parse(Delays) is null || BenchMigrationCommand.Settings.Parse(Rates) is not { } rates || rates.Any(r => r <= 0)
                || BenchMigrationCommand.Settings.Parse(Loads) is not { } loads
                || loads.Any(l => l >= 100) || NetworkSizes(Nodes) is null
                ? ValidationResult.Error("--delays, --rates (above 0) and --loads (0 to 99) take comma-separated numbers, such as 10,50; --nodes takes numbers of 8 or more and .graphml files")
                : CpuBusy is < 0 or > 64
                    ? ValidationResult.Error("--cpu-busy takes a number of processes from 0 to 64")
                    : ManyLinks is < 0 or > 50
                        ? ValidationResult.Error("--many-links takes a number of links from 0 to 50")
                        : ValidationResult.Success();
    }

    private const double ManyLinksRateMbps = 100;
    private const double ManyLinksDelayMs = 10;
    private const int ManyLinksLoadPct = 90;

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        RootRequirement.Demand("bench links");
        var root = RuntimeRoot.FromEnvironment();
        var loads = BenchMigrationCommand.Settings.Parse(settings.Loads)!.Select(l => (int)l).ToList();
        var links = new List<LinkBenchRow>();
        var chosen = settings.Emulation;
        foreach (var rate in BenchMigrationCommand.Settings.Parse(settings.Rates)!)
        {
            foreach (var delay in BenchMigrationCommand.Settings.Parse(settings.Delays)!)
            {
                var busy = settings.CpuBusy > 0 ? $", {settings.CpuBusy} processes spinning on the CPU" : "";
                Console.Error.WriteLine($"testbed: a {delay} ms, {rate} Mbit/s link at {string.Join("%, ", loads)}% load{busy}...");
                var (rows, emulation) = await LinkBench.RunLinkCasesAsync(root, settings.Emulation, delay, rate, loads, settings.CpuBusy, cancellationToken);
                links.AddRange(rows);
                chosen = emulation;
            }
        }

        var manyLinks = new List<ManyLinksBenchRow>();
        if (settings.ManyLinks > 0)
        {
            foreach (var tcp in (bool[])[false, true])
            {
                Console.Error.WriteLine($"testbed: {settings.ManyLinks} links of {ManyLinksRateMbps} Mbit/s and {ManyLinksDelayMs} ms, each at {ManyLinksLoadPct}% load of {(tcp ? "TCP" : "UDP")}, at once...");
                manyLinks.Add(await LinkBench.RunManyLinksCaseAsync(root, settings.Emulation, settings.ManyLinks, ManyLinksDelayMs, ManyLinksRateMbps, ManyLinksLoadPct, tcp, cancellationToken));
            }
        }

        var build = new List<BuildBenchRow>();
        foreach (var (ring, graphMl) in Settings.NetworkSizes(settings.Nodes)!)
        {
            if (ring is { } nodes)
            {
                Console.Error.WriteLine($"testbed: building, calibrating and tearing down a ring of {nodes} nodes...");
                build.Add(await LinkBench.RunBuildCaseAsync(root, settings.Emulation, nodes, cancellationToken));
                continue;
            }

            var zoo = ZooTopologies.Import(graphMl!);
            Console.Error.WriteLine($"testbed: building, calibrating and tearing down {zoo.Name} ({zoo.Topology.Nodes.Count()} nodes, {zoo.Topology.Links.Count} links)...");
            build.Add(await LinkBench.RunBuildCaseAsync(root, settings.Emulation, zoo.Name, zoo.Topology, cancellationToken));
        }

        // What the links really ran on: "auto" resolves when the first network is built.
        var emulationName = chosen.ToString().ToLowerInvariant();
        if (settings.Json)
        {
            JsonOutput.Write(new LinkBenchReport(emulationName, links, manyLinks, build));
            return 0;
        }

        static string F(double? v) => v?.ToString("0.000", CultureInfo.InvariantCulture) ?? "-";
        var title = settings.CpuBusy > 0 ? $"link fidelity (one-way delay error, ms), {settings.CpuBusy} processes spinning on the CPU" : "link fidelity (one-way delay error, ms)";
        var linkTable = new Table().Border(TableBorder.Rounded).Title(title);
        foreach (var column in (string[])["rate Mbit/s", "delay ms", "load %", "error median", "error p99", "throughput ratio", "late mean µs", "late p50 µs", "late p99 µs", "CPU ms/10k frames", "CPU ms/Gbit"])
        {
            linkTable.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var row in links)
        {
            linkTable.AddRow(row.RateMbps.ToString(CultureInfo.InvariantCulture), F(row.DelayMs), row.LoadPct.ToString(CultureInfo.InvariantCulture), F(row.DelayErrorMedianMs),
                F(row.DelayErrorP99Ms), F(row.ThroughputRatio), F(row.MeanLatenessUs), F(row.LatenessP50Us), F(row.LatenessP99Us), F(row.EmulatorCpuMsPer10kFrames), F(row.EmulatorCpuMsPerGbit));
        }

        var manyTable = new Table().Border(TableBorder.Rounded).Title("many links at once (one-way delay error, ms: the worst link)");
        foreach (var column in (string[])["links", "load", "rate Mbit/s", "delay ms", "load %", "error median", "error p99", "worst throughput ratio", "carried Mbit/s", "CPU ms/Gbit", "CPU % of a core"])
        {
            manyTable.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var row in manyLinks)
        {
            manyTable.AddRow(row.Links.ToString(CultureInfo.InvariantCulture), row.Transport, row.RateMbps.ToString(CultureInfo.InvariantCulture), F(row.DelayMs), row.LoadPct.ToString(CultureInfo.InvariantCulture),
                F(row.WorstDelayErrorMedianMs), F(row.WorstDelayErrorP99Ms), F(row.WorstThroughputRatio), F(row.CarriedMbps), F(row.EmulatorCpuMsPerGbit), F(row.EmulatorCorePct));
        }

        var buildTable = new Table().Border(TableBorder.Rounded).Title("network build and teardown");
        foreach (var column in (string[])["network", "nodes", "links", "build s", "calibrate s", "teardown s"])
        {
            buildTable.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var row in build)
        {
            buildTable.AddRow(row.Network, row.Nodes.ToString(CultureInfo.InvariantCulture), row.Links.ToString(CultureInfo.InvariantCulture), F(row.BuildS), F(row.CalibrateS), F(row.TeardownS));
        }

        AnsiConsole.Write(linkTable);
        if (manyLinks.Count > 0)
        {
            AnsiConsole.Write(manyTable);
        }

        AnsiConsole.Write(buildTable);
        AnsiConsole.MarkupLine($"[grey]link emulation: {emulationName}. Throughput ratio: at 0% load, the link's capacity measured as calibration does: UDP offered at 110% of the rate, or above {LinkCalibrator.UdpRateLimitMbps} Mbit/s TCP streams for its bandwidth-delay product, received over configured; under load, the UDP load flow's received over offered rate. Late: how late the emulator's frames left against their due time, which holds their wait in the link's queue: the emulator's own error (p50: the median of its seconds' medians; p99: its worst second's), where the delay error under load also holds the queue the load builds. CPU: the emulator's threads, per 10,000 frames (a segmentation-offload frame counts once) and per Gbit carried.[/]");
        return 0;
    }
}
