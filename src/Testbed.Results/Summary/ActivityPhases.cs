using System.Globalization;
using Testbed.Results.Records;
using Testbed.Workload.Records;

namespace Testbed.Results.Summary;

/// <summary>
/// Splits the timeline's phases again at each migration's and replication's start and end,
/// whoever asked for it, so that a transient never mixes into a steady phase: the response
/// time "during migration 1" and "after migration 1" are figures of their own. A migration
/// the timeline asked for starts at that timeline event (its destination is prepared from
/// there); one the policy asked for starts when it began. Phases that begin at a timeline
/// event keep the name of their bounds in seconds; the others are named by what began them,
/// the same in every run that does the same steps, so sweeps compare them.
/// </summary>
public static class ActivityPhases
{
    /// <summary>How far before a timeline-driven migration's start the event that asked for it may lie.</summary>
    private const double AskedWithinS = 1.0;

    public static IReadOnlyList<TimelinePhase> Split(IReadOnlyList<TimelinePhase> timeline, IReadOnlyList<MigrationRow> migrations, IReadOnlyList<ReplicationRow> replications)
    {
        if (timeline.Count == 0)
        {
            return timeline;
        }

        var end = timeline[^1].EndS;
        var bounds = new List<(double AtS, string? Name, string Event)>();
        foreach (var phase in timeline)
        {
            bounds.AddRange(phase.Events.Select(e => (phase.StartS, (string?)null, e)));
        }

        foreach (var (m, n) in migrations.OrderBy(m => m.StartS).Select((m, i) => (m, Ordinal(i))))
        {
            var start = m.Reason == "timeline" ? AskedAt(timeline, m.StartS) : m.StartS;
            bounds.Add((start, $"during migration {n}", $"migration {n} of {m.Vm} {m.From}→{m.To} starts"));
            bounds.Add((m.EndS, $"after migration {n}", $"migration {n} ends, {EnumWords<MigrationOutcome>.Word(m.Outcome)}"));
        }

        foreach (var (r, n) in replications.Where(r => r.Kind == ReplicationRow.Replicate).OrderBy(r => r.StartS).Select((r, i) => (r, Ordinal(i))))
        {
            var start = r.Reason == "timeline" ? AskedAt(timeline, r.StartS) : r.StartS;
            bounds.Add((start, $"during replication {n}", $"replication {n} of {r.Vm} {r.From}→{r.DataCenter} starts"));
            bounds.Add((r.EndS, $"after replication {n}", $"replication {n} ends, {EnumWords<MigrationOutcome>.Word(r.Outcome)}"));
        }

        var cuts = bounds.Where(b => b.AtS >= 0 && b.AtS < end).GroupBy(b => b.AtS).OrderBy(g => g.Key).ToList();
        var phases = new List<TimelinePhase>();
        for (var i = 0; i < cuts.Count; i++)
        {
            var from = cuts[i].Key;
            var to = i + 1 < cuts.Count ? cuts[i + 1].Key : end;
            // A phase begun by an activity is named by it; one begun only by the timeline by its bounds.
            var name = cuts[i].Select(b => b.Name).LastOrDefault(n => n is not null) ?? $"{TimelinePhase.Seconds(from)}-{TimelinePhase.Seconds(to)}";
            phases.Add(new TimelinePhase(name, from, to, [.. cuts[i].Select(b => b.Event)]));
        }

        return phases;
    }

    /// <summary>The timeline event just before <paramref name="startS"/> that asked for the step; the step's own start when there is none close enough.</summary>
    private static double AskedAt(IReadOnlyList<TimelinePhase> timeline, double startS) =>
        timeline.Where(p => p.StartS > 0 && p.StartS <= startS && startS - p.StartS <= AskedWithinS).Select(p => p.StartS).DefaultIfEmpty(startS).Max();

    private static string Ordinal(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);
}
