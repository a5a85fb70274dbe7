using System.Globalization;
using Testbed.Control.Contracts;
using Testbed.Experiments.Model;

namespace Testbed.Cli.Commands;

/// <summary>
/// The run's progress on standard error, one line at a time so that it reads the same in
/// a terminal, a CI log and a file: each new phase, then during the timeline a line every
/// few seconds with the clock and each group's live median response time.
/// </summary>
internal sealed class RunProgressDisplay(Experiment experiment)
{
    private static readonly TimeSpan TimelineLineEvery = TimeSpan.FromSeconds(5);

    private string? _phase;
    private double _lastLineAt = double.NegativeInfinity;

    public void Show(RunProgress progress)
    {
        if (progress.Phase != _phase)
        {
            _phase = progress.Phase;
            Console.Error.WriteLine($"testbed: {Clock(progress)}{progress.Phase}");
        }

        if (progress.Groups.Count > 0 && progress.ClockSeconds is { } now && now - _lastLineAt >= TimelineLineEvery.TotalSeconds)
        {
            _lastLineAt = now;
            var groups = string.Join("; ", progress.Groups.Select(g =>
                $"{g.Name} p50 {(g.RecentP50Ms is { } p50 ? p50.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "-")} " +
                $"at {string.Join('+', g.UsersBySite.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}×{s.Value}"))}, {g.Requests} req, {g.Failed} failed"));
            var placements = string.Join("; ", progress.Placements.Select(p => $"{p.Service}@{string.Join('+', p.Replicas.Prepend(p.Primary))}"));
            Console.Error.WriteLine($"testbed: {Clock(progress)}{groups} | {placements}");
        }
    }

    private string Clock(RunProgress progress) =>
        progress.ClockSeconds is { } now
            ? string.Create(CultureInfo.InvariantCulture, $"[{Math.Max(0, now),6:0.0} / {experiment.Duration.TotalSeconds:0} s] ")
            : "";
}
