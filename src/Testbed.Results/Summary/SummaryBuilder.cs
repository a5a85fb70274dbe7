using Testbed.Results.Files;
using Testbed.Results.Records;
using Testbed.Workload.Probing;
using Testbed.Workload.Records;

namespace Testbed.Results.Summary;

/// <summary>Turns the rows a run recorded into summary.json.</summary>
public static class SummaryBuilder
{
    /// <summary>
    /// A connection counts against a migration when it broke between the migration's start
    /// and this long after its end: long enough for a re-addressed client's cached name to
    /// expire and its old connection to fail.
    /// </summary>
    public static readonly TimeSpan BrokenConnectionWindow = TimeSpan.FromSeconds(10);

    /// <param name="timeline">The timeline's phases; the summary splits them again at each migration and replication (<see cref="ActivityPhases"/>).</param>
    /// <param name="interrupted">Ended early by a signal rather than by a failure.</param>
    public static RunSummary Build(
        RunIdentity identity, IReadOnlyList<TimelinePhase> timeline, IReadOnlyList<string> groups, RecordedRun recorded, bool completed, string? error,
        bool interrupted = false)
    {
        var phases = ActivityPhases.Split(timeline, recorded.Migrations, recorded.Replications);
        var fidelity = LinkFidelity.Of(recorded.LinkSecondRows, phases, identity.DurationS);
        var timelineRequests = recorded.Requests.Where(r => r.TimeS >= 0 && r.TimeS < identity.DurationS).ToList();
        var failed = timelineRequests.Where(r => !r.Succeeded).ToList();
        return new RunSummary
        {
            Experiment = identity.Experiment,
            RunId = identity.RunId,
            Mechanism = identity.Mechanism,
            Policy = identity.Policy,
            LinkEmulation = identity.LinkEmulation,
            Accel = identity.Accel,
            Seed = identity.Seed,
            DurationS = identity.DurationS,
            StartedAt = identity.StartedAt,
            Completed = completed,
            Error = error,
            Status = StatusOf(completed, interrupted, recorded.FaultRows, fidelity),
            Faults = recorded.FaultRows,
            Phases = phases,
            Migrations = [.. recorded.Migrations.Select(m => Summarize(m, recorded))],
            Replications = Replications(recorded.Replications),
            ResponseTimeMs = groups.ToDictionary(
                g => g,
                g => (IReadOnlyDictionary<string, ResponseTimeStatistics>)phases.ToDictionary(
                    p => p.Name,
                    p => Percentiles.Describe([.. timelineRequests.Where(r => r.Group == g && r.Succeeded && r.LatencyMs is not null && p.Contains(r.TimeS)).Select(r => r.LatencyMs!.Value)])),
                StringComparer.Ordinal),
            Requests = new RequestTotals(
                timelineRequests.Count,
                failed.Count,
                failed.GroupBy(r => EnumWords<RequestOutcome>.Word(r.Outcome)).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
                recorded.BrokenConnections.Count),
            Cpu = phases.Select(p => (p.Name, Cpu: PhaseCpu.Of(recorded.CpuRows, p)))
                .Where(p => p.Cpu is not null).ToDictionary(p => p.Name, p => p.Cpu!, StringComparer.Ordinal),
            Fidelity = fidelity,
            GuestCalibration = recorded.GuestCalibrationRows,
            ResponseTimeExcessMs = Excess(recorded, phases, groups, identity.DurationS),
            ProbeIntervalMs = identity.ProbeIntervalMs,
            ProbeProtocol = identity.ProbeProtocol,
            TimeCompression = identity.TimeCompression,
            Handovers = HandoversByGroup(recorded.HandoverRows),
            Methods = FigureMethods.Describe(identity.ProbeIntervalMs, identity.ProbeProtocol),
        };
    }

    /// <summary>How many times each group's users changed site, by group name.</summary>
    public static IReadOnlyDictionary<string, int> HandoversByGroup(IEnumerable<HandoverRow> handovers) =>
        handovers.GroupBy(h => h.Group).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>A run that did not play to its end failed, unless a signal ended it; one that did is degraded by any fault or off-spec links.</summary>
    public static RunStatus StatusOf(bool completed, bool interrupted, IReadOnlyList<RunFault> faults, LinkFidelity fidelity) =>
        interrupted ? RunStatus.Interrupted
        : !completed || faults.Any(f => f.Effect == FaultEffect.Failed) ? RunStatus.Failed
        : faults.Count > 0 || fidelity.IsDegraded ? RunStatus.Degraded
        : RunStatus.Completed;

    /// <summary>
    /// Each group's response time per phase against what the configuration says it should be:
    /// every request is set against the path from its site to the data center of the copy that
    /// answered it (a replica by its name, the VM by where it ran when the answer came), and
    /// the medians are taken over requests. A group with no attributable request has none.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, ResponseTimeExcess>> Excess(
        RecordedRun recorded, IReadOnlyList<TimelinePhase> phases, IReadOnlyList<string> groups, double durationS)
    {
        var paths = recorded.PathRows.ToDictionary(p => (p.Site, p.DataCenter));
        var calibration = recorded.GuestCalibrationRows;
        if (paths.Count == 0 || calibration.Count == 0)
        {
            return new Dictionary<string, IReadOnlyDictionary<string, ResponseTimeExcess>>();
        }

        var requests = recorded.Requests.Where(r => r.TimeS >= 0 && r.TimeS < durationS && r.Succeeded && r.LatencyMs is not null && r.ServedBy is not null)
            .Select(r => (Row: r, Expected: Expected(r, paths, calibration, recorded.Migrations)))
            .Where(r => r.Expected is not null)
            .Select(r => (r.Row, Latency: r.Row.LatencyMs!.Value, Expected: r.Expected!.Value))
            .ToList();
        return groups.ToDictionary(
            g => g,
            g => (IReadOnlyDictionary<string, ResponseTimeExcess>)phases.ToDictionary(
                p => p.Name,
                p =>
                {
                    var mine = requests.Where(r => r.Row.Group == g && p.Contains(r.Row.TimeS)).ToList();
                    if (mine.Count == 0)
                    {
                        return new ResponseTimeExcess(null, null, null, null, 0);
                    }

                    double Median(IEnumerable<double> values) => Math.Round(Percentiles.Of([.. values], 0.5), 3);
                    var measured = mine.All(r => r.Expected.LinksOverConfiguredMs is not null);
                    return new ResponseTimeExcess(
                        Median(mine.Select(r => r.Expected.ConfiguredMs)),
                        Median(mine.Select(r => r.Latency - r.Expected.ConfiguredMs)),
                        Median(mine.Select(r => r.Expected.TurnaroundMs)),
                        Median(mine.Select(r => r.Latency - r.Expected.ConfiguredMs - r.Expected.TurnaroundMs)),
                        mine.Count,
                        measured ? Median(mine.Select(r => r.Expected.LinksOverConfiguredMs!.Value)) : null,
                        measured ? Median(mine.Select(r => r.Latency - r.Expected.ConfiguredMs - r.Expected.TurnaroundMs - r.Expected.LinksOverConfiguredMs!.Value)) : null);
                }),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// The configured path plus service time for one request, its guest's turnaround, and what
    /// calibration measured the path's links to add over their configured delays (null when it
    /// did not measure them all); null when its path is not known.
    /// </summary>
    private static (double ConfiguredMs, double TurnaroundMs, double? LinksOverConfiguredMs)? Expected(
        RequestRow request, Dictionary<(string Site, string DataCenter), PathRow> paths, IReadOnlyList<GuestCalibrationRow> calibration, IReadOnlyList<MigrationRow> migrations)
    {
        var servedBy = request.ServedBy!;
        var at = servedBy.IndexOf('@', StringComparison.Ordinal);
        var vm = at < 0 ? servedBy : servedBy[..at];
        var guest = calibration.FirstOrDefault(c => c.Vm == vm && c.Kind == GuestCalibrationRow.Request);
        if (guest is null)
        {
            return null;
        }

        // The VM is where it booted until a migration's RESUME moves it; a replica names its data center.
        var answeredS = request.TimeS + (request.LatencyMs!.Value / 1000);
        var dataCenter = at >= 0
            ? servedBy[(at + 1)..]
            : migrations.Where(m => m.Vm == vm && m.Succeeded && m.ResumeS <= answeredS).MaxBy(m => m.ResumeS)?.To ?? guest.DataCenter;
        return paths.TryGetValue((request.Site, dataCenter), out var path)
            ? (path.RoundTripMs + guest.ServiceTimeMs, guest.TurnaroundP50Ms, path.MeasuredRttMs - path.RoundTripMs)
            : null;
    }

    private static MigrationSummary Summarize(MigrationRow migration, RecordedRun recorded)
    {
        var convergence = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var downtime = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var answersInFlight = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (migration.ResumeS is { } resume)
        {
            // Each group's probes at a site are one stream; a site reports its worst stream, all its figures from that one.
            foreach (var stream in recorded.Probes.Where(p => p.TimeS > migration.StartS - 1 && p.TimeS < migration.EndS + 30).GroupBy(p => (p.Group, p.Site)))
            {
                var gap = ProbeGap.Spanning(stream.Select(Sample), At(resume));
                var site = stream.Key.Site;
                var silent = gap is null ? 0 : Math.Round(gap.Duration.TotalMilliseconds, 3);
                if (gap is null || (downtime.TryGetValue(site, out var worst) && worst >= silent))
                {
                    continue;
                }

                downtime[site] = silent;
                convergence[site] = Math.Round((gap.FirstAnswerAfter - At(resume)).TotalMilliseconds, 3);
                if (migration.StopS is { } stop)
                {
                    answersInFlight[site] = Math.Round((gap.LastAnswerBefore - At(stop)).TotalMilliseconds, 3);
                }
            }
        }

        var windowEnd = migration.EndS + BrokenConnectionWindow.TotalSeconds;
        var broken = recorded.BrokenConnections.Count(b => b.TimeS >= migration.StartS && b.TimeS <= windowEnd);
        return new MigrationSummary(migration.Vm, migration.From, migration.To, migration.Reason, migration.Outcome, migration.StartS, migration.EndS,
            migration.QemuTotalMs, migration.QemuDowntimeMs, migration.RestoreMs, migration.SwitchoverMs, convergence, downtime, migration.Bytes, broken)
        {
            AnswersInFlightMs = answersInFlight,
            Parts = PartsOf(migration),
            Settings = migration.Settings,
        };
    }

    /// <summary>The row's downtime parts; null for a row that has none of them (a failed migration, or a file from before they were recorded).</summary>
    public static MigrationParts? PartsOf(MigrationRow m) =>
        m.StopS is null && m.InFlightMs is null && m.PathReadyMs is null && m.GuestFirstFrameMs is null
            ? null
            : new MigrationParts(m.SourcePauseMs, m.RestoreMs, m.InFlightMs, m.LoadMs, m.PathReadyMs, m.GuestFirstFrameMs, m.SendBufferBytes, m.UnsentLimitBytes, m.ReceiveBufferBytes, m.PathQueuePackets);

    private static List<ReplicationSummary> Replications(IReadOnlyList<ReplicationRow> rows) =>
        [.. rows.Where(r => r.Kind == ReplicationRow.Replicate).Select(r => new ReplicationSummary(
            r.Vm, r.From, r.DataCenter, r.Reason, r.Outcome, r.StartS, r.EndS, r.QemuTotalMs, r.QemuDowntimeMs, r.Bytes,
            rows.FirstOrDefault(d => d.Kind == ReplicationRow.Drop && d.Vm == r.Vm && d.DataCenter == r.DataCenter && d.StartS >= r.EndS)?.EndS))];

    private static ProbeSample Sample(ProbeRow row) =>
        new((ulong)row.Sequence, At(row.TimeS), row.RttMs is { } rtt ? At(row.TimeS + (rtt / 1000)) : null);

    /// <summary>Seconds on the run's clock as instants, for the probe arithmetic shared with the benchmarks.</summary>
    private static DateTimeOffset At(double seconds) => DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
}
