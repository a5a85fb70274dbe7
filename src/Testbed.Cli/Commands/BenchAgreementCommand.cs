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

/// <summary>`testbed bench agreement [--mechanism NAME] [--json]`: ping and iperf3 beside the testbed's own probe and link counters, through a mechanism to a real guest.</summary>
internal sealed class BenchAgreementCommand : AsyncCommand<BenchAgreementCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--json")]
        [Description("Print one JSON object instead of tables.")]
        public bool Json { get; init; }

        [CommandOption("--mechanism <NAME>")]
        [Description("The mechanism the user reaches the guest through (default overlay).")]
        public string Mechanism { get; init; } = MechanismKind.Overlay.Name();

        public override ValidationResult Validate() => MechanismNames.All.Contains(Mechanism)
            ? ValidationResult.Success()
            : ValidationResult.Error($"--mechanism: unknown '{Mechanism}' (known: {string.Join(", ", MechanismNames.All)})");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        RootRequirement.Demand("bench agreement");
        var root = RuntimeRoot.FromEnvironment();
        var image = await GuestImageBuilder.BuildWithToolsAsync(cancellationToken);
        var accel = await AcceleratorProbe.ChooseAsync(root, cancellationToken);
        Console.Error.WriteLine($"testbed: a {accel.Name()} guest at {AgreementBench.DataCenter}, reached from {AgreementBench.Site} through {settings.Mechanism}: " +
            $"{AgreementBench.Echoes} pings beside the users' probes every {AgreementBench.Interval.TotalMilliseconds} ms, then iperf3 UDP at {AgreementBench.UdpMbps} Mbit/s and TCP, " +
            $"{AgreementBench.IperfTime.TotalSeconds} s each...");
        var report = await AgreementBench.RunAsync(root, image, accel, MechanismNames.Parse(settings.Mechanism), cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(report);
            return 0;
        }

        static string F(double? v, string format = "0.000") => v?.ToString(format, CultureInfo.InvariantCulture) ?? "-";
        var roundTrips = new Table().Border(TableBorder.Rounded)
            .Title($"round trips {report.Site} -> guest at {report.DataCenter} through {report.Mechanism}, same seconds (ms; configured path {F(report.ConfiguredRttMs, "0.0")})");
        foreach (var column in (string[])["tool", "sent", "answered", "p50", "p99", "p50 - ping's", "sent late p50"])
        {
            roundTrips.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var row in report.RoundTrips)
        {
            roundTrips.AddRow(Markup.Escape(row.Tool), row.Sent.ToString(CultureInfo.InvariantCulture), row.Answered.ToString(CultureInfo.InvariantCulture), F(row.P50Ms), F(row.P99Ms),
                F(row.P50LessPingMs), F(row.SendLateP50Ms));
        }

        roundTrips.Caption($"the users' ICMP probe and ping agree within {report.RoundTripToleranceMs} ms at p50: {(report.RoundTripsAgree ? "yes" : "NO")}");
        AnsiConsole.Write(roundTrips);

        foreach (var t in report.Throughput)
        {
            var datagrams = t.IperfDatagrams is { } sent ? $", {sent:N0} datagrams, {t.LostDatagrams ?? 0:N0} lost" : $", {t.Retransmits} segments sent again";
            var links = new Table().Border(TableBorder.Rounded)
                .Title($"iperf3 {t.Protocol} {F(t.Seconds, "0.0")} s: {F(t.IperfMbps, "0.0")} Mbit/s received, {t.IperfBytes:N0} bytes {t.IperfBytesAre}{datagrams}");
            foreach (var column in (string[])["link", "direction", "wire frames", "wire bytes", "bytes per frame beyond iperf3's"])
            {
                links.AddColumn(new TableColumn(column).RightAligned());
            }

            foreach (var row in t.Links)
            {
                links.AddRow(row.Link, row.Direction, row.WireFrames.ToString("N0", CultureInfo.InvariantCulture), row.WireBytes.ToString("N0", CultureInfo.InvariantCulture),
                    F(row.BytesPerFrameBeyondPayload, "0.0"));
            }

            var within = Math.Abs(t.LinkOverIperf - 1) <= report.ThroughputTolerance;
            links.Caption($"access link {t.AccessLink}: {t.LinkWireBytes:N0} wire bytes - {t.LinkWireFrames:N0} frames x {t.HeaderBytesPerFrame} header bytes = " +
                $"{t.LinkPayloadBytes:N0} payload, {F(t.LinkOverIperf, "0.0000")} of iperf3's; within {report.ThroughputTolerance:P0}: {(within ? "yes" : "NO")}");
            AnsiConsole.Write(links);
        }

        return 0;
    }
}
