using System.Globalization;
using Testbed.Experiments.Model;

namespace Testbed.Control.Runs;

/// <summary>One line per timeline event, for events.jsonl, the phases of the summary and the progress display.</summary>
public static class TimelineText
{
    public static string Describe(TimelineEvent timelineEvent) => timelineEvent switch
    {
        MoveGroup m when m.Over > TimeSpan.Zero => $"move {m.Group} to {m.To} over {Seconds(m.Over)}",
        MoveGroup m => $"move {m.Group} to {m.To}",
        ScaleGroup s => $"scale {s.Group} to {s.Users}",
        SetLink l => $"set link {l.A}-{l.B}",
        FailLink f => $"fail link {f.A}-{f.B}",
        RestoreLink r => $"restore link {r.A}-{r.B}",
        FailDataCenter d => $"fail {d.DataCenter}",
        MigrateService m => $"migrate {m.Service} to {m.To}",
        ReplicateService r => $"replicate {r.Service} to {r.To}",
        DropReplica d => $"drop {d.Service} from {d.DataCenter}",
        _ => timelineEvent.GetType().Name,
    };

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
