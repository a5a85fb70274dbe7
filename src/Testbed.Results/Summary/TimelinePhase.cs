namespace Testbed.Results.Summary;

/// <summary>
/// A stretch of the timeline between two consecutive event times (or the start and the
/// end of the run), named by its bounds, e.g. "8s-20s". <see cref="Events"/> says what began it.
/// </summary>
public sealed record TimelinePhase(string Name, double StartS, double EndS, IReadOnlyList<string> Events)
{
    /// <summary>The phases of a run of <paramref name="durationS"/> seconds whose events happen at the given times.</summary>
    public static IReadOnlyList<TimelinePhase> Split(double durationS, IEnumerable<(double AtS, string Description)> events)
    {
        var byTime = events.Where(e => e.AtS > 0 && e.AtS < durationS)
            .GroupBy(e => e.AtS).OrderBy(g => g.Key).ToList();
        var starts = new List<(double At, IReadOnlyList<string> Events)> { (0, ["start"]) };
        starts.AddRange(byTime.Select(g => (g.Key, (IReadOnlyList<string>)[.. g.Select(e => e.Description)])));
        return [.. starts.Select((s, i) =>
        {
            var end = i + 1 < starts.Count ? starts[i + 1].At : durationS;
            return new TimelinePhase($"{Seconds(s.At)}-{Seconds(end)}", s.At, end, s.Events);
        })];
    }

    public bool Contains(double timeS) => timeS >= StartS && timeS < EndS;

    /// <summary>A time on the run's clock as phase names write it: "8s", "40.3s".</summary>
    internal static string Seconds(double value) =>
        value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + "s";
}
