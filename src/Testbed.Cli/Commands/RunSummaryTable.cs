using System.Globalization;
using Spectre.Console;
using Testbed.Control.Runs;
using Testbed.Results.Records;
using Testbed.Workload.Records;

namespace Testbed.Cli.Commands;

/// <summary>The printed end of `testbed run`: migrations, replicas, response times per phase, requests, and where the files are.</summary>
internal static class RunSummaryTable
{
    public static void Write(RunOutcome outcome)
    {
        var summary = outcome.Summary;
        AnsiConsole.MarkupLineInterpolated($"[bold]{summary.Experiment}[/] run {summary.RunId}: {summary.Mechanism}, {summary.Policy}, links {summary.LinkEmulation}, {summary.Accel}, seed {summary.Seed}");

        if (summary.Migrations.Count > 0)
        {
            var migrations = new Table().Title("migrations").AddColumns("vm", "from→to", "by", "start s", "outcome", "QEMU total ms", "QEMU downtime ms", "restore ms", "client downtime ms", "convergence ms", "MB", "broken");
            foreach (var m in summary.Migrations)
            {
                migrations.AddRow(m.Vm, $"{m.From}→{m.To}", m.Reason, N(m.StartS, "0.0"), EnumWords<MigrationOutcome>.Word(m.Outcome), N(m.QemuTotalMs), N(m.QemuDowntimeMs), N(m.RestoreMs, "0"),
                    BySite(m.ClientDowntimeMs), BySite(m.ConvergenceMs), m.Bytes is { } b ? N(b / 1e6, "0.0") : "-", m.BrokenConnections.ToString(CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(migrations);
        }

        if (summary.Replications.Count > 0)
        {
            var replicas = new Table().Title("replicas").AddColumns("vm", "from→at", "by", "start s", "outcome", "QEMU total ms", "dropped s");
            foreach (var r in summary.Replications)
            {
                replicas.AddRow(r.Vm, $"{r.From}→{r.DataCenter}", r.Reason, N(r.StartS, "0.0"), EnumWords<MigrationOutcome>.Word(r.Outcome), N(r.QemuTotalMs), N(r.DroppedS, "0.0"));
            }

            AnsiConsole.Write(replicas);
        }

        var response = new Table().Title("response time, ms (successful requests)")
            .AddColumns("group", "phase", "began with", "p50", "p95", "p99", "mean", "count", "configured", "excess", "after guest");
        foreach (var (group, phases) in summary.ResponseTimeMs)
        {
            foreach (var phase in summary.Phases)
            {
                var s = phases[phase.Name];
                var e = summary.ResponseTimeExcessMs.TryGetValue(group, out var excess) && excess.TryGetValue(phase.Name, out var found) ? found : null;
                response.AddRow(group, phase.Name, Markup.Escape(string.Join(", ", phase.Events)), N(s.P50, "0.0"), N(s.P95, "0.0"), N(s.P99, "0.0"), N(s.Mean, "0.0"),
                    s.Count.ToString(CultureInfo.InvariantCulture), N(e?.ConfiguredP50Ms, "0.0"), N(e?.ExcessP50Ms, "0.0"), N(e?.ExcessAfterGuestP50Ms, "0.0"));
            }
        }

        AnsiConsole.Write(response);
        foreach (var g in summary.GuestCalibration)
        {
            AnsiConsole.WriteLine($"guest turnaround: {g.Vm} in {g.DataCenter}, {g.Kind}{(g.Kind == GuestCalibrationRow.Request ? $" of {g.RequestBytes} B" : "")}: " +
                $"p50 {N(g.TurnaroundP50Ms, "0.00")} ms, p99 {N(g.TurnaroundP99Ms, "0.00")} ms");
        }

        var failed = string.Join(", ", summary.Requests.ByOutcome.Select(o => $"{o.Value} {o.Key}"));
        AnsiConsole.WriteLine($"requests: {summary.Requests.Total} sent, {summary.Requests.Failed} failed{(failed.Length > 0 ? $" ({failed})" : "")}, {summary.Requests.BrokenConnections} connections broken");
        foreach (var (phase, cpu) in summary.Cpu)
        {
            AnsiConsole.WriteLine(FormattableString.Invariant($"CPU {phase}: harness {cpu.HarnessCorePct:0.#}% of a core, guests {cpu.GuestsCorePct:0.#}%, host idle {cpu.HostIdleCorePct:0.#}%"));
        }

        if (summary.Fidelity.Status != Testbed.Results.Summary.LinkFidelity.NotMeasured)
        {
            AnsiConsole.WriteLine($"link fidelity: {summary.Fidelity.Status} ({summary.Fidelity.OffSpecSeconds} of {summary.Fidelity.TimelineSeconds} s off-spec)");
        }

        AnsiConsole.WriteLine($"results: {outcome.Directory}");
    }

    private static string BySite(IReadOnlyDictionary<string, double> values) =>
        values.Count == 0 ? "-" : string.Join(" ", values.Select(v => $"{v.Key} {v.Value.ToString("0", CultureInfo.InvariantCulture)}"));

    private static string N(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "-";

    private static string N(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
