using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Testbed.Cli.Bench;
using Testbed.Lab.Doctor;
using Testbed.Lab.Runs;
using Testbed.Mechanisms.Mobility;
using Testbed.Qemu.Host;
using Testbed.Qemu.Image;
using Testbed.Topology.Routing;

namespace Testbed.Cli.Commands;

/// <summary>`testbed bench overlay [--json]`: the smart router against kernel forwarding, and the four mechanisms on one migration.</summary>
internal sealed class BenchOverlayCommand : AsyncCommand<BenchOverlayCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--json")]
        [Description("Print one JSON object (forwarding, mechanisms) instead of tables.")]
        public bool Json { get; init; }

        [CommandOption("--forwarding-only")]
        [Description("Measure the router against kernel forwarding, and migrate under no mechanism.")]
        public bool ForwardingOnly { get; init; }

        [CommandOption("--mechanisms <NAMES>")]
        [Description("Mechanisms to migrate under, comma-separated (default overlay,home-tunnel,l2-stretch,readdress).")]
        public string Mechanisms { get; init; } = string.Join(',', MechanismNames.All);

        public override ValidationResult Validate()
        {
            var unknown = Names().Where(n => !MechanismNames.All.Contains(n)).ToList();
            return unknown.Count == 0 && Names().Count > 0
                ? ValidationResult.Success()
                : ValidationResult.Error($"--mechanisms: unknown '{string.Join(", ", unknown)}' (known: {string.Join(", ", MechanismNames.All)})");
        }

        public IReadOnlyList<string> Names() => Mechanisms.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        RootRequirement.Demand("bench overlay");
        var root = RuntimeRoot.FromEnvironment();
        Console.Error.WriteLine($"testbed: smart router against kernel forwarding ({OverlayBench.Echoes} echoes, iperf3 TCP 4 s each)...");
        var forwarding = await OverlayBench.RunForwardingAsync(root, cancellationToken);

        var mechanisms = new List<MechanismBenchRow>();
        var names = settings.ForwardingOnly ? [] : settings.Names();
        var image = names.Count == 0 ? null : await GuestImageBuilder.BuildDefaultAsync(cancellationToken);
        var accel = names.Count == 0 ? Accelerator.Tcg : await AcceleratorProbe.ChooseAsync(root, cancellationToken);
        foreach (var name in names)
        {
            Console.Error.WriteLine($"testbed: {name}: migrating a {accel.Name()} guest from dc1 to dc2, a user near dc2 probing every {OverlayBench.ProbeInterval.TotalMilliseconds} ms...");
            mechanisms.Add(await OverlayBench.RunMechanismAsync(root, image!, accel, MechanismNames.Parse(name), cancellationToken));
        }

        if (settings.Json)
        {
            JsonOutput.Write(new OverlayBenchReport(forwarding, mechanisms));
            return 0;
        }

        static string F(double? v, string format = "0.0") => v?.ToString(format, CultureInfo.InvariantCulture) ?? "-";
        var forwardingTable = new Table().Border(TableBorder.Rounded).Title("forwarding, same path (user - router - data center host)");
        foreach (var column in (string[])["", "throughput Mbit/s", "RTT p50 µs", "RTT p99 µs"])
        {
            forwardingTable.AddColumn(new TableColumn(column).RightAligned());
        }

        forwardingTable.AddRow("kernel", F(forwarding.KernelThroughputMbps), F(forwarding.KernelRttP50Us, "0"), F(forwarding.KernelRttP99Us, "0"));
        forwardingTable.AddRow("smart router", F(forwarding.RouterThroughputMbps), F(forwarding.RouterRttP50Us, "0"), F(forwarding.RouterRttP99Us, "0"));
        forwardingTable.AddRow("router / kernel, added", F(forwarding.ThroughputRatio, "0.000"), F(forwarding.AddedLatencyP50Us, "0"), F(forwarding.AddedLatencyP99Us, "0"));
        forwardingTable.Caption($"the routers used {F(forwarding.RouterCpuSecondsPerGbit, "0.00")} s of CPU per Gbit they carried");

        var mechanismTable = new Table().Border(TableBorder.Rounded).Title("one migration dc1 -> dc2, user near dc2 (ms)");
        foreach (var column in (string[])["mechanism", "outcome", "qemu downtime", "restore", "convergence", "path ready", "guest's first frame", "client downtime", "one-way delay", "broken connections"])
        {
            mechanismTable.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var row in mechanisms)
        {
            mechanismTable.AddRow(row.Mechanism, row.Outcome, F(row.QemuDowntimeMs), F(row.RestoreMs), F(row.ConvergenceMs), F(row.PathReadyMs), F(row.GuestFirstFrameMs), F(row.ClientDowntimeMs),
                F(row.OneWayDelayMs), $"{row.BrokenConnections} of {row.Connections}");
        }

        AnsiConsole.Write(forwardingTable);
        if (mechanisms.Count == 0)
        {
            return 0;
        }

        AnsiConsole.Write(mechanismTable);
        AnsiConsole.MarkupLine($"[grey]Convergence: destination RESUME to the first answer to a probe sent after it. Path ready and the guest's first frame, at dc2's tap, from RESUME: when the network first delivered to the guest (negative: before it ran), and when the resumed guest first sent. Client downtime: the silence the user's probes saw. Readdress clients resolve with a {OverlayBench.Ttl.TotalSeconds:0} s TTL.[/]");
        return 0;
    }
}
