using Testbed.Results.Records;
using Testbed.Results.Summary;
using Testbed.Workload.Records;

namespace Testbed.Results.Tests.Summary;

public sealed class ActivityPhasesTests
{
    private static readonly IReadOnlyList<TimelinePhase> Timeline = TimelinePhase.Split(60, [(15, "move travellers to near2"), (25, "migrate app to dc2")]);

    [Fact]
    public void A_timeline_migration_is_a_phase_from_the_event_that_asked_for_it_to_its_end_and_after_it_another()
    {
        var migration = Migration(startS: 25.2, endS: 33.5, "timeline");
        var phases = ActivityPhases.Split(Timeline, [migration], []);

        Assert.Equal(["0s-15s", "15s-25s", "during migration 1", "after migration 1"], phases.Select(p => p.Name));
        var during = phases[2];
        Assert.Equal((25, 33.5), (during.StartS, during.EndS));
        Assert.Equal(["migrate app to dc2", "migration 1 of app dc1→dc2 starts"], during.Events);
        Assert.Equal((33.5, 60), (phases[3].StartS, phases[3].EndS));
    }

    [Fact]
    public void A_policy_migration_cuts_the_timeline_phase_it_falls_in_at_its_own_start()
    {
        var migration = Migration(startS: 40.3, endS: 48.1, "policy");
        var phases = ActivityPhases.Split(Timeline, [migration], []);

        Assert.Equal(["0s-15s", "15s-25s", "25s-40.3s", "during migration 1", "after migration 1"], phases.Select(p => p.Name));
        Assert.Equal(40.3, phases[3].StartS);
        Assert.Equal(60, phases[^1].EndS);
    }

    [Fact]
    public void Replicas_count_on_their_own_and_drops_do_not_cut()
    {
        var replicate = new ReplicationRow(ReplicationRow.Replicate, "app", "dc1", "dc2", 30, 36, MigrationOutcome.Completed, 5000, 40, 1, "policy", null);
        var drop = new ReplicationRow(ReplicationRow.Drop, "app", "dc2", "dc2", 50, 50.2, MigrationOutcome.Completed, null, null, null, "policy", null);
        var phases = ActivityPhases.Split(Timeline, [], [replicate, drop]);

        Assert.Equal(["0s-15s", "15s-25s", "25s-30s", "during replication 1", "after replication 1"], phases.Select(p => p.Name));
    }

    [Fact]
    public void Phases_still_cover_the_whole_timeline_once()
    {
        var phases = ActivityPhases.Split(Timeline, [Migration(25.1, 33, "timeline"), Migration(45, 70, "policy")], []);

        Assert.Equal(0, phases[0].StartS);
        Assert.Equal(60, phases[^1].EndS);
        Assert.All(phases.Zip(phases.Skip(1)), pair => Assert.Equal(pair.First.EndS, pair.Second.StartS));
        Assert.Equal(phases.Count, phases.Select(p => p.Name).Distinct().Count());
    }

    private static MigrationRow Migration(double startS, double endS, string reason) =>
        new("app", "dc1", "dc2", startS, endS, MigrationOutcome.Completed, endS - 0.1, 8000, 100, 30, 10, 1, reason, null);
}
