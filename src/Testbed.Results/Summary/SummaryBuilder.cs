using Testbed.Results.Files;
using Testbed.Results.Records;
using Testbed.Workload.Probing;

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

    public static RunSummary Build(
        RunIdentity identity, IReadOnlyList<TimelinePhase> phases, IReadOnlyList<string> groups, RecordedRun recorded, bool completed, string? error)
    {
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
                failed.GroupBy(r => r.Outcome).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
                recorded.BrokenConnections.Count),
            Cpu = phases.Select(p => (p.Name, Cpu: PhaseCpu.Of(recorded.CpuRows, p)))
                .Where(p => p.Cpu is not null).ToDictionary(p => p.Name, p => p.Cpu!, StringComparer.Ordinal),
            Fidelity = LinkFidelity.Of(recorded.LinkSecondRows, phases, identity.DurationS),
        };
    }

    private static MigrationSummary Summarize(MigrationRow migration, RecordedRun recorded)
    {
        var convergence = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var downtime = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (migration.ResumeS is { } resume)
        {
            // Each group's probes at a site are one stream; a site reports its worst stream.
            foreach (var stream in recorded.Probes.Where(p => p.TimeS > migration.StartS - 1 && p.TimeS < migration.EndS + 30).GroupBy(p => (p.Group, p.Site)))
            {
                var gap = ProbeGap.Spanning(stream.Select(Sample), At(resume));
                if (gap is null)
                {
                    continue;
                }

                var site = stream.Key.Site;
                var converged = Math.Round((gap.FirstAnswerAfter - At(resume)).TotalMilliseconds, 3);
                var silent = Math.Round(gap.Duration.TotalMilliseconds, 3);
                convergence[site] = Math.Max(convergence.GetValueOrDefault(site), converged);
                downtime[site] = Math.Max(downtime.GetValueOrDefault(site), silent);
            }
        }

        var windowEnd = migration.EndS + BrokenConnectionWindow.TotalSeconds;
        var broken = recorded.BrokenConnections.Count(b => b.TimeS >= migration.StartS && b.TimeS <= windowEnd);
        return new MigrationSummary(migration.Vm, migration.From, migration.To, migration.Reason, migration.Outcome, migration.StartS, migration.EndS,
            migration.QemuTotalMs, migration.QemuDowntimeMs, migration.RestoreMs, migration.SwitchoverMs, convergence, downtime, migration.Bytes, broken);
    }

    private static List<ReplicationSummary> Replications(IReadOnlyList<ReplicationRow> rows) =>
        [.. rows.Where(r => r.Kind == ReplicationRow.Replicate).Select(r => new ReplicationSummary(
            r.Vm, r.From, r.DataCenter, r.Reason, r.Outcome, r.StartS, r.EndS, r.QemuTotalMs, r.QemuDowntimeMs, r.Bytes,
            rows.FirstOrDefault(d => d.Kind == ReplicationRow.Drop && d.Vm == r.Vm && d.DataCenter == r.DataCenter && d.StartS >= r.EndS)?.EndS))];

    private static ProbeSample Sample(ProbeRow row) =>
        new((ulong)row.Sequence, At(row.TimeS), row.RttMs is { } rtt ? At(row.TimeS + (rtt / 1000)) : null);

    /// <summary>Seconds on the run's clock as instants, for the probe arithmetic shared with the benchmarks.</summary>
    private static DateTimeOffset At(double seconds) => DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
}
