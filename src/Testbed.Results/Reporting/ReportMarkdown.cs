using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Testbed.Results.Files;
using Testbed.Results.Plots;
using Testbed.Results.Reading;
using Testbed.Results.Records;
using Testbed.Results.Summary;
using Testbed.Workload.Records;

using static System.FormattableString;
using static Testbed.Results.Reporting.ReportNumbers;

namespace Testbed.Results.Reporting;

/// <summary>report.md: what ran, what happened, what it measured, the plots, and the files behind them.</summary>
public static class ReportMarkdown
{
    /// <summary>Beyond this many, a phase's list of happenings is cut (a policy may decide every second).</summary>
    private const int MostHappeningsPerPhase = 30;

    /// <summary>The events that tell what the testbed, the policy and the network did, and how to say them.</summary>
    private static readonly Dictionary<string, Func<EventRow, string>> Happenings = new(StringComparer.Ordinal)
    {
        ["migration-start"] = e => Invariant($"migration of {e.Text("vm")} {e.Text("from")} → {e.Text("to")} starts ({e.Text("reason")})"),
        ["migration-end"] = e => Invariant($"migration of {e.Text("vm")} {e.Text("from")} → {e.Text("to")} ends: {e.Text("outcome")}"),
        ["replication-start"] = e => Invariant($"replica of {e.Text("vm")} {e.Text("from")} → {e.Text("to")} starts cloning ({e.Text("reason")})"),
        ["replication-end"] = e => Invariant($"replica of {e.Text("vm")} at {e.Text("to")} ends cloning: {e.Text("outcome")}"),
        ["replica-dropped"] = e => Invariant($"replica of {e.Text("vm")} at {e.Text("data_center")} dropped ({e.Text("reason")})"),
        ["policy-decision"] = e => Invariant($"policy {e.Text("policy")} decides: {e.Text("step")} {e.Text("service")} at {e.Text("data_center")}") + Demand(e),
        ["placement-refused"] = e => Invariant($"placement refused: {e.Text("step")} {e.Text("service")} at {e.Text("data_center")}: {e.Text("why")}"),
        ["group-scaled"] = e => Invariant($"{e.Text("group")} now has {e.Text("users")} users"),
        ["group-moving"] = e => Invariant($"{e.Text("group")} moves to {e.Text("to")} over {e.Text("over_s")} s"),
        ["address-published"] = e => Invariant($"{e.Text("group")} learns the address {e.Text("address")}"),
        ["link-changed"] = e => Invariant($"link {e.Text("link")} changed: ") + Details(e, "link"),
        ["link-down"] = e => Invariant($"link {e.Text("link")} down"),
        ["link-up"] = e => Invariant($"link {e.Text("link")} up"),
        ["timeline-failed"] = e => Invariant($"**timeline event failed**: {e.Text("event")}: {e.Text("message")}"),
        ["error"] = e => Invariant($"**error**: {e.Text("message")}"),
        ["mobility-planned"] = e => Invariant($"{e.Text("group")}: {e.Text("users")} users move by {e.Text("model")}, {e.Text("handovers")} handovers planned, time compressed {e.Text("time_compression")}-fold"),
    };

    /// <summary>What each file of a run holds, for the list at the end.</summary>
    private static readonly (string File, string Holds)[] DataFiles =
    [
        (ResultsFileNames.Experiment, "the experiment as it ran, overrides applied"),
        (ResultsFileNames.Environment, "the machine: kernel, QEMU, Mininet, what `testbed doctor` found"),
        (ResultsFileNames.Events, "every event, one JSON object a line"),
        (ResultsFileNames.Requests, "every request: when it was due, group, user, site, response time from then, outcome, replica, how late it left"),
        (ResultsFileNames.Probes, "every UDP probe: when it was due, group, site, sequence, round trip from then, how late it left"),
        (ResultsFileNames.Migrations, "every migration with QEMU's figures and the RESUME instant"),
        (ResultsFileNames.Replications, "every replica cloned or dropped"),
        (ResultsFileNames.Calibration, "configured against measured delay and bandwidth per WAN link"),
        (ResultsFileNames.Cpu, "every second, the CPU each process of the run took, and the host's idle time"),
        (ResultsFileNames.Links, "every second, each emulated link's frames, drops and lateness against its tolerance"),
        (ResultsFileNames.Handovers, "every change of a user's site: time, group, user, from, to, and whether mobility or a move made it"),
        (ResultsFileNames.Tracks, "mobile users' planned tracks, sampled, with the site each was attached to"),
        (ResultsFileNames.Map, "the WAN's located nodes and links, for the map"),
        (ResultsFileNames.Summary, "the figures of this report, as JSON"),
    ];

    public static string Write(RunResults run, RunSummary summary, bool provisional, IReadOnlyList<PlotOutcome> plots)
    {
        var text = new StringBuilder();
        Head(text, summary, provisional);
        WhatHappened(text, run, summary);
        Migrations(text, summary);
        Replications(text, summary);
        ResponseTimes(text, summary);
        Requests(text, summary);
        Mobility(text, run, summary);
        Calibration(text, run);
        Harness(text, run, summary);
        Plots(text, run, plots);
        Methods(text, summary);
        Files(text, run);
        return text.ToString();
    }

    /// <summary>How each figure was taken, as summary.json's methods say.</summary>
    private static void Methods(StringBuilder text, RunSummary summary)
    {
        if (summary.Methods.Count == 0)
        {
            return;
        }

        text.AppendLine("## How the figures are measured").AppendLine();
        foreach (var (figure, method) in summary.Methods)
        {
            text.AppendLine(Invariant($"- `{figure}`: {method}"));
        }

        text.AppendLine();
    }

    private static void Head(StringBuilder text, RunSummary summary, bool provisional)
    {
        text.AppendLine(Invariant($"# {summary.Experiment}: run {summary.RunId}")).AppendLine();
        if (provisional)
        {
            text.AppendLine(Invariant($"> **This run was cut short: it wrote no summary.json.** The figures below were computed from the rows it recorded, which end at {Seconds(summary.DurationS)} s on the timeline's clock.")).AppendLine();
        }
        else if (!summary.Completed)
        {
            text.AppendLine(Invariant($"> **This run did not complete:** {summary.Error ?? "no reason recorded"}. The figures cover what it recorded.")).AppendLine();
        }

        var table = new MarkdownTable(2, "", "")
            .Row("experiment", summary.Experiment)
            .Row("run", summary.RunId)
            .Row("mechanism", summary.Mechanism)
            .Row("policy", summary.Policy)
            .Row("seed", summary.Seed.ToString(CultureInfo.InvariantCulture))
            .Row("link emulation", summary.LinkEmulation)
            .Row("accel", summary.Accel)
            .Row("started", summary.StartedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))
            .Row("timeline", Invariant($"{Seconds(summary.DurationS)} s"))
            .Row("completed", summary.Completed ? "yes" : Invariant($"**no**: {summary.Error ?? "no reason recorded"}"));
        if (summary.Sweep is { } sweep)
        {
            table.Row("sweep", Invariant($"{sweep.Id}, point {sweep.Point} ({string.Join(", ", sweep.Values.Select(v => $"{v.Key} = {v.Value}"))}), repetition {sweep.Repetition}"));
        }

        text.Append(table);
        text.AppendLine();
    }

    /// <summary>Each mobile group's model and handovers: how much the users moved, which the figures above are made under.</summary>
    private static void Mobility(StringBuilder text, RunResults run, RunSummary summary)
    {
        var planned = run.Events.Where(e => e.Kind == "mobility-planned").ToList();
        var handovers = run.Recorded.HandoverRows;
        if (planned.Count == 0 && handovers.Count == 0)
        {
            return;
        }

        text.AppendLine("## Mobility").AppendLine();
        var minutes = Math.Max(summary.DurationS, 1e-9) / 60;
        var table = new MarkdownTable(2, "group", "model", "users", "time compression", "handovers planned", "handovers made", "per user per minute", "sites visited");
        foreach (var group in handovers.Select(h => h.Group).Concat(planned.Select(p => p.Text("group") ?? "")).Distinct().Order(StringComparer.Ordinal))
        {
            var plan = planned.FirstOrDefault(p => p.Text("group") == group);
            var made = handovers.Where(h => h.Group == group).ToList();
            var users = plan?.Number("users") ?? made.Select(h => h.User).Distinct().Count();
            table.Row(group, plan?.Text("model") ?? "move", Invariant($"{users:0}"), plan?.Text("time_compression") ?? "1", plan?.Text("handovers") ?? "",
                Invariant($"{made.Count}"), users > 0 ? Invariant($"{made.Count / users / minutes:0.##}") : "",
                Invariant($"{made.Select(h => h.To).Concat(made.Select(h => h.From)).Distinct().Count()}"));
        }

        text.Append(table);
        text.AppendLine();
    }

    private static void WhatHappened(StringBuilder text, RunResults run, RunSummary summary)
    {
        text.AppendLine("## What happened").AppendLine();
        var happenings = run.Events.Where(e => e.TimeS is not null && Happenings.ContainsKey(e.Kind)).ToList();
        foreach (var phase in summary.Phases)
        {
            text.AppendLine(Invariant($"- **{Seconds(phase.StartS)} s to {Seconds(phase.EndS)} s** (phase `{phase.Name}`): {string.Join("; ", phase.Events)}"));
            var inPhase = happenings.Where(e => phase.Contains(e.TimeS!.Value) || (phase == summary.Phases[^1] && e.TimeS >= phase.EndS)).ToList();
            foreach (var happening in inPhase.Take(MostHappeningsPerPhase))
            {
                text.AppendLine(Invariant($"  - {Seconds(happening.TimeS)} s: {Happenings[happening.Kind](happening)}"));
            }

            if (inPhase.Count > MostHappeningsPerPhase)
            {
                text.AppendLine(Invariant($"  - … and {inPhase.Count - MostHappeningsPerPhase} more (see {ResultsFileNames.Events})"));
            }
        }

        text.AppendLine();
    }

    private static void Migrations(StringBuilder text, RunSummary summary)
    {
        text.AppendLine("## Migrations").AppendLine();
        if (summary.Migrations.Count == 0)
        {
            text.AppendLine("None.").AppendLine();
            return;
        }

        var qemu = new MarkdownTable(5, "#", "VM", "from → to", "reason", "outcome", "start (s)", "end (s)", "QEMU total (ms)", "QEMU downtime (ms)", "restore (ms)", "switch-over (ms)", "MB sent", "broken connections");
        var users = new MarkdownTable(3, "#", "VM", "site", "client downtime (ms)", "convergence (ms)");
        var parts = new MarkdownTable(3, "#", "VM", "site", "source pause (ms)", "in flight (ms)", "load (ms)", "convergence (ms)", "answers in flight (ms)", "client downtime (ms)",
            "path ready (ms)", "guest's first frame (ms)");
        foreach (var (m, i) in summary.Migrations.Select((m, i) => (m, i + 1)))
        {
            var number = i.ToString(CultureInfo.InvariantCulture);
            qemu.Row(number, m.Vm, Invariant($"{m.From} → {m.To}"), m.Reason, EnumWords<MigrationOutcome>.Word(m.Outcome), Seconds(m.StartS), Seconds(m.EndS),
                Whole(m.QemuTotalMs), Whole(m.QemuDowntimeMs), Ms(m.RestoreMs), Ms(m.SwitchoverMs), Megabytes(m.Bytes), m.BrokenConnections.ToString(CultureInfo.InvariantCulture));
            foreach (var site in m.ClientDowntimeMs.Keys.Union(m.ConvergenceMs.Keys).Order(StringComparer.Ordinal))
            {
                users.Row(number, m.Vm, site, Ms(m.ClientDowntimeMs.TryGetValue(site, out var d) ? d : null), Ms(m.ConvergenceMs.TryGetValue(site, out var c) ? c : null));
                if (m.Parts is { } p)
                {
                    parts.Row(number, m.Vm, site, Ms(p.SourcePauseMs), Ms(p.InFlightMs), Ms(p.LoadMs), Ms(m.ConvergenceMs.TryGetValue(site, out var converged) ? converged : null),
                        Ms(m.AnswersInFlightMs.TryGetValue(site, out var inFlight) ? -inFlight : null), Ms(m.ClientDowntimeMs.TryGetValue(site, out var down) ? down : null),
                        Ms(p.PathReadyMs), Ms(p.GuestFirstFrameMs));
                }
            }
        }

        text.Append(qemu).AppendLine();
        foreach (var (m, i) in summary.Migrations.Select((m, i) => (m, i + 1)).Where(p => p.m.Settings is not null))
        {
            text.AppendLine(Invariant($"- Migration {i} ran with `{m.Settings}` (read back from QEMU)."));
        }

        if (summary.Migrations.Any(m => m.Settings is not null))
        {
            text.AppendLine();
        }

        text.AppendLine("What each user site saw: *client downtime* runs from the last probe answer before the destination's RESUME to the first answer to a probe sent after it; *convergence* from the RESUME to that answer. *Restore* is from QEMU's completion at the source to the RESUME.").AppendLine();
        if (users.Count > 0)
        {
            text.Append(users).AppendLine();
        }
        else
        {
            text.AppendLine("No site's probes spanned a RESUME.").AppendLine();
        }

        if (parts.Count > 0)
        {
            text.AppendLine("### Where the downtime went").AppendLine();
            text.AppendLine("Each row adds up to its client downtime: the *source pause* (the source's STOP to its completion, about what QEMU calls its downtime), " +
                "*in flight* (the completion to the stream's last byte at the destination host: socket buffers, the links' queues and their delay), " +
                "*load* (that byte to the RESUME), *convergence*, and the *answers in flight* taken off: answers the guest sent before it stopped that were still reaching the site. " +
                "*Path ready* and *the guest's first frame* are instants from the RESUME at the destination's tap: when the network first delivered to the guest " +
                "(negative: before it ran), and when the resumed guest first sent. Under TCG the guest's first frame waits for QEMU to translate the guest's code afresh.").AppendLine();
            text.Append(parts).AppendLine();
        }

        var resumedEarly = summary.Migrations.Select((m, i) => (m, i + 1)).Where(p => p.m.RestoreMs < 0).ToList();
        foreach (var (m, i) in resumedEarly)
        {
            text.AppendLine(Invariant($"- Migration {i}: restore is negative ({m.RestoreMs:0.0} ms): the destination ran before the source completed, as under post-copy, whose RAM follows on demand after the RESUME. ") +
                "Its stream's last byte came after the RESUME, so *in flight* and *load* do not split it, and the pages the guest waited for once it ran are in *convergence*.");
        }

        if (resumedEarly.Count > 0)
        {
            text.AppendLine();
        }
    }

    private static void Replications(StringBuilder text, RunSummary summary)
    {
        text.AppendLine("## Replications").AppendLine();
        if (summary.Replications.Count == 0)
        {
            text.AppendLine("None.").AppendLine();
            return;
        }

        var table = new MarkdownTable(5, "VM", "from", "replica at", "reason", "outcome", "start (s)", "ready (s)", "QEMU total (ms)", "QEMU downtime (ms)", "MB sent", "dropped at (s)");
        foreach (var r in summary.Replications)
        {
            table.Row(r.Vm, r.From, r.DataCenter, r.Reason, EnumWords<MigrationOutcome>.Word(r.Outcome), Seconds(r.StartS), Seconds(r.EndS), Whole(r.QemuTotalMs), Whole(r.QemuDowntimeMs), Megabytes(r.Bytes), r.DroppedS is null ? "kept" : Seconds(r.DroppedS));
        }

        text.Append(table).AppendLine();
    }

    private static void ResponseTimes(StringBuilder text, RunSummary summary)
    {
        text.AppendLine("## Response time").AppendLine();
        text.AppendLine("Of the requests answered in each timeline phase, in ms (nearest-rank percentiles).").AppendLine();
        var table = new MarkdownTable(2, "group", "phase", "p50", "p95", "p99", "mean", "answered");
        foreach (var (group, phases) in summary.ResponseTimeMs.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            foreach (var phase in summary.Phases.Where(p => phases.ContainsKey(p.Name)))
            {
                var s = phases[phase.Name];
                table.Row(group, phase.Name, Ms(s.P50), Ms(s.P95), Ms(s.P99), Ms(s.Mean), s.Count.ToString(CultureInfo.InvariantCulture));
            }
        }

        text.Append(table.Count > 0 ? table.ToString() : "No group had requests.\n").AppendLine();
        Attribution(text, summary);
    }

    /// <summary>The response time against the configured path, the service time and the guest's own turnaround.</summary>
    private static void Attribution(StringBuilder text, RunSummary summary)
    {
        if (summary.GuestCalibration.Count > 0)
        {
            text.AppendLine("### The guests' own turnaround").AppendLine();
            text.AppendLine("Measured before the timeline from each guest's hypervisor host, on its data center's LAN: UDP echoes as the users' probes are, then requests of the groups' size, one at a time. The turnaround is the round trip less the configured service time (`guest-calibration.csv`).").AppendLine();
            var guests = new MarkdownTable(4, "VM", "data center", "kind", "bytes", "answers", "round trip p50 (ms)", "p99 (ms)", "service (ms)", "turnaround p50 (ms)", "p99 (ms)");
            foreach (var g in summary.GuestCalibration)
            {
                guests.Row(g.Vm, g.DataCenter, g.Kind, g.RequestBytes.ToString(CultureInfo.InvariantCulture), g.Count.ToString(CultureInfo.InvariantCulture),
                    Ms(g.RttP50Ms), Ms(g.RttP99Ms), Ms(g.ServiceTimeMs), Ms(g.TurnaroundP50Ms), Ms(g.TurnaroundP99Ms));
            }

            text.Append(guests).AppendLine();
        }

        var rows = new MarkdownTable(2, "group", "phase", "p50 (ms)", "configured (ms)", "excess (ms)", "guest turnaround (ms)", "excess after the guest (ms)", "links' measured part (ms)", "left (ms)", "requests");
        foreach (var (group, phases) in summary.ResponseTimeExcessMs.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            foreach (var phase in summary.Phases.Where(p => phases.TryGetValue(p.Name, out var e) && e.Attributed > 0))
            {
                var e = phases[phase.Name];
                var p50 = summary.ResponseTimeMs.TryGetValue(group, out var statistics) && statistics.TryGetValue(phase.Name, out var s) ? s.P50 : null;
                rows.Row(group, phase.Name, Ms(p50), Ms(e.ConfiguredP50Ms), Ms(e.ExcessP50Ms), Ms(e.GuestTurnaroundMs), Ms(e.ExcessAfterGuestP50Ms),
                    Ms(e.LinksOverConfiguredMs), Ms(e.ExcessAfterGuestAndLinksP50Ms), e.Attributed.ToString(CultureInfo.InvariantCulture));
            }
        }

        if (rows.Count > 0)
        {
            text.AppendLine("### Where the response time went").AppendLine();
            text.AppendLine("Each request is set against its configured path: the link delays from its site to the copy that answered it and back, as the mechanism routes them (`paths.csv`), plus the service time. *Excess* is the median of what it took over that; *excess after the guest* also takes off the answering guest's own turnaround, and what is left is the host's and the harness's. Of that, the *links' measured part* is what the link calibration measured the path's links to add over their configured delays, summed over every link the request and its answer cross (`paths.csv`: `measured_rtt_ms` less `rtt_ms`): the emulator and the forwarding between links, which grows with the links a mechanism sends traffic over. Each link was measured alone, and on a path one wake-up of the emulator carries a frame over consecutive links, so this part is an upper bound. What is *left* is the client's, the routers' tunnels' and the guest's bridge's, less what that bound over-counts.").AppendLine();
            text.Append(rows).AppendLine();
        }
    }

    private static void Requests(StringBuilder text, RunSummary summary)
    {
        var totals = summary.Requests;
        text.AppendLine("## Requests").AppendLine();
        var table = new MarkdownTable(1, "", "count")
            .Row("sent during the timeline", totals.Total.ToString(CultureInfo.InvariantCulture))
            .Row("answered", (totals.Total - totals.Failed).ToString(CultureInfo.InvariantCulture))
            .Row("not answered", totals.Failed.ToString(CultureInfo.InvariantCulture));
        foreach (var (outcome, count) in totals.ByOutcome.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            table.Row(Invariant($"… {outcome}"), count.ToString(CultureInfo.InvariantCulture));
        }

        table.Row("connections broken", totals.BrokenConnections.ToString(CultureInfo.InvariantCulture));
        text.Append(table).AppendLine();
    }

    private static void Calibration(StringBuilder text, RunResults run)
    {
        text.AppendLine("## Link calibration").AppendLine();
        if (run.Calibration.Count == 0)
        {
            text.AppendLine(Invariant($"No {ResultsFileNames.Calibration}: the run ended before the links were calibrated.")).AppendLine();
            return;
        }

        text.AppendLine("One-way delay of each WAN link, configured against measured (20 timed echoes), and throughput where the link has a bandwidth (a UDP burst at 110% of it).").AppendLine();
        var table = new MarkdownTable(2, "link", "emulation", "configured delay (ms)", "measured (ms)", "p99 (ms)", "error (ms)", "tolerance (ms)", "configured Mbit/s", "measured Mbit/s", "ratio", "ok");
        foreach (var c in run.Calibration)
        {
            table.Row(c.Link, c.Emulation ?? "not recorded", Fine(c.ConfiguredDelayMs), Fine(c.MeasuredDelayMs), Fine(c.DelayP99Ms), Fine(c.DelayErrorMs), Fine(c.DelayToleranceMs),
                Fine(c.ConfiguredMbps), Fine(c.MeasuredMbps), Fine(c.ThroughputRatio), c.Ok ? "yes" : "**no**");
        }

        text.Append(table).AppendLine();
    }

    /// <summary>How late the client's sends left against when they were due (`send_late_ms`); nothing for a run that did not record it.</summary>
    private static void SendLateness(StringBuilder text, string who, string what, IEnumerable<double?> sendLateMs, string file, string consequence)
    {
        var late = sendLateMs.OfType<double>().ToList();
        if (late.Count > 0)
        {
            text.AppendLine(Invariant($"{who}: {late.Count} {what} left {Fine(Percentiles.Of(late, 0.5))} ms (p50), {Fine(Percentiles.Of(late, 0.99))} ms (p99) and at most {Fine(late.Max())} ms after they were due (`send_late_ms` in {file}). {consequence}")).AppendLine();
        }
    }

    /// <summary>What the harness took from the guests, and whether the emulated links kept to their configuration.</summary>
    private static void Harness(StringBuilder text, RunResults run, RunSummary summary)
    {
        text.AppendLine("## The harness").AppendLine();
        SendLateness(text, "Probe senders", "probes", run.Recorded.Probes.Select(p => p.SendLateMs), ResultsFileNames.Probes,
            "Their round trips count from when they were due to when the client's kernel took the echo in, so the sender's lateness is in them and the reader's is not.");
        SendLateness(text, "Users", "requests", run.Recorded.Requests.Select(r => r.SendLateMs), ResultsFileNames.Requests,
            "Their latency counts from when they were due, so that lateness is in it.");

        if (summary.Cpu.Count > 0)
        {
            text.AppendLine(Invariant($"CPU by phase, in % of one core (the host has {Environment.ProcessorCount} cores here). The harness is every process but the guests' QEMU; under TCG whatever it takes, the guests lack.")).AppendLine();
            var roles = summary.Cpu.Values.SelectMany(c => c.RoleCorePct.Keys).Distinct().Order(StringComparer.Ordinal).Where(r => r != CpuRow.GuestRole).ToList();
            var table = new MarkdownTable(1, ["phase", "harness", .. roles, "guests", "host idle"]);
            foreach (var (phase, cpu) in summary.Cpu)
            {
                table.Row([phase, Fine(cpu.HarnessCorePct), .. roles.Select(r => Fine(cpu.RoleCorePct.GetValueOrDefault(r))), Fine(cpu.GuestsCorePct), Fine(cpu.HostIdleCorePct)]);
            }

            text.Append(table).AppendLine();
        }

        var fidelity = summary.Fidelity;
        text.AppendLine(fidelity.Status switch
        {
            LinkFidelity.NotMeasured => "Link fidelity: not measured (no user-space link reported; netem's timing is the kernel's).",
            _ => Invariant($"Link fidelity: **{fidelity.Status}**. In {fidelity.OffSpecSeconds} of {fidelity.TimelineSeconds} s of the timeline ({fidelity.OffSpecShare:P1}) some link's frames left later than its calibration tolerance (median lateness); more than {LinkFidelity.DegradedShare:P0} makes a run degraded."),
        }).AppendLine();
        foreach (var named in fidelity.OffSpecLinkSeconds)
        {
            text.AppendLine(Invariant($"- {named}"));
        }

        if (fidelity.OffSpecLinkSeconds.Count > 0)
        {
            text.AppendLine();
        }
    }

    private static void Plots(StringBuilder text, RunResults run, IReadOnlyList<PlotOutcome> plots)
    {
        text.AppendLine("## Plots").AppendLine();
        foreach (var plot in plots.Where(p => p.Path is not null))
        {
            // Relative to report.md, so the report reads the same wherever the run is copied.
            var relative = Path.GetRelativePath(run.Directory, plot.Path!).Replace('\\', '/');
            text.AppendLine(Invariant($"### {plot.Title}")).AppendLine();
            text.AppendLine(Invariant($"![{plot.Title}]({Uri.EscapeDataString(relative)})")).AppendLine();
        }

        var skipped = plots.Where(p => p.Path is null).ToList();
        if (skipped.Count > 0)
        {
            text.AppendLine("Not drawn:").AppendLine();
            foreach (var plot in skipped)
            {
                text.AppendLine(Invariant($"- {plot.Title}: {plot.SkippedBecause}."));
            }

            text.AppendLine();
        }
    }

    private static void Files(StringBuilder text, RunResults run)
    {
        text.AppendLine("## Data files").AppendLine();
        foreach (var (file, holds) in DataFiles)
        {
            var path = Path.Combine(run.Directory, file);
            if (File.Exists(path))
            {
                text.AppendLine(Invariant($"- [`{file}`]({file}) ({Size(new FileInfo(path).Length)}): {holds}"));
            }
        }
    }

    private static string Size(long bytes) =>
        bytes < 1000 ? Invariant($"{bytes} B") : bytes < 1_000_000 ? Invariant($"{bytes / 1e3:0.#} kB") : Invariant($"{bytes / 1e6:0.#} MB");

    private static string Demand(EventRow e) =>
        e.Details["demand_by_site"] is JsonObject demand && demand.Count > 0
            ? Invariant($" (demand by site: {string.Join(", ", demand.Select(d => $"{d.Key} {d.Value}"))})")
            : "";

    private static string Details(EventRow e, params string[] except) =>
        string.Join(", ", e.Details.Where(d => !except.Contains(d.Key) && d.Value is not null).Select(d => $"{d.Key} {d.Value!.ToJsonString()}"));
}
