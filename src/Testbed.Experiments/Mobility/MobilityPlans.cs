using Testbed.Experiments.Model;
using Testbed.Mobility.Attachment;
using Testbed.Mobility.Geography;
using Testbed.Mobility.Models;
using Testbed.Mobility.Plans;
using Testbed.Mobility.Traces;
using Testbed.Topology;

namespace Testbed.Experiments.Mobility;

/// <summary>
/// A mobile group's plan for one run of an experiment: its model's or trace's tracks, on the
/// simulated clock (the run's times the time compression), attached to the user sites that
/// have a location. The same experiment and seed give the same plan, here and in the run.
/// </summary>
public static class MobilityPlans
{
    /// <summary>How often (in the run's own time) a user's attachment is looked at: the resolution of a handover's time.</summary>
    public static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(100);

    /// <summary>A long run is looked at less often, so that planning it stays quick: at most this many looks a user.</summary>
    public const int MaxLooksPerUser = 20_000;

    /// <summary>Simulated seconds between two looks at a user's attachment.</summary>
    public static double LookStepS(Experiment experiment) =>
        Math.Max(Resolution.TotalSeconds, experiment.Duration.TotalSeconds / MaxLooksPerUser) * experiment.TimeCompression;

    public static double SimulatedDurationS(Experiment experiment) => experiment.Duration.TotalSeconds * experiment.TimeCompression;

    /// <summary>The run's seconds at <paramref name="simulatedS"/> of simulated time.</summary>
    public static double RunSeconds(Experiment experiment, double simulatedS) => simulatedS / experiment.TimeCompression;

    /// <summary>The user sites users attach to: those with a location, in the file's order.</summary>
    public static IReadOnlyList<NamedPlace> AttachableSites(Experiment experiment) =>
        [.. experiment.Topology.UserSites.Where(s => s.Location is not null).Select(s => new NamedPlace(s.Name, s.Location!.Value))];

    /// <summary>The trace's users the group replays, checked against the run (a <see cref="TraceFormatException"/> at the trace's line).</summary>
    public static IReadOnlyList<ReplayedUser> ReplayedUsers(Experiment experiment, UserGroupSpec group)
    {
        var trace = group.Mobility?.Trace ?? throw new ArgumentException($"{group.Name} replays no trace", nameof(group));
        var sites = experiment.Topology.UserSites.ToDictionary(s => s.Name, s => s.Location, StringComparer.Ordinal);

        // The draw of users has a stream of its own, apart from the users' (0, 1, ...).
        return TraceReplay.Prepare(trace.Trace, trace.Options, sites, group.Users, MobilitySeeds.For(experiment.Seed, group.Name, -1));
    }

    public static GroupMobilityPlan For(Experiment experiment, UserGroupSpec group)
    {
        var mobility = group.Mobility ?? throw new ArgumentException($"{group.Name} has no mobility", nameof(group));
        var attachment = new SiteAttachment(AttachableSites(experiment), mobility.Handover);
        var durationS = SimulatedDurationS(experiment);
        return mobility.Model is { } model
            ? MobilityPlanner.FromModel(model, group.Name, group.Users, experiment.Seed, durationS, attachment, LookStepS(experiment))
            : MobilityPlanner.FromTrace(ReplayedUsers(experiment, group), durationS, attachment, LookStepS(experiment));
    }

    /// <summary>Every how many of the run's seconds a track is sampled for the map: twice a second, or 400 samples over a long run.</summary>
    public static double TrackSampleS(Experiment experiment) => Math.Max(0.5, experiment.Duration.TotalSeconds / 400);

    /// <summary>A user's track sampled for the map, on the run's clock, with the site it is attached to at each sample.</summary>
    public static IEnumerable<(double RunS, GeoPoint Position, string Site)> Samples(Experiment experiment, GroupMobilityPlan plan, int user)
    {
        if (plan.Tracks[user] is not { } track)
        {
            yield break;
        }

        var step = TrackSampleS(experiment);
        for (var k = 0; k * step <= experiment.Duration.TotalSeconds + 1e-9; k++)
        {
            var simulatedS = k * step * experiment.TimeCompression;
            yield return (k * step, track.PositionAt(simulatedS), plan.Users[user].SiteAt(simulatedS));
        }
    }
}
