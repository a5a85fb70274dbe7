using Testbed.Overlay.Table;

namespace Testbed.Overlay.Tests.Table;

public sealed class LocationTableTests
{
    private const string Service = "10.0.0.2";

    [Fact]
    public void A_newer_epoch_replaces_and_an_older_or_conflicting_one_is_refused()
    {
        var table = new LocationTable();
        Assert.Equal(UpdateOutcome.Applied, table.Replace(new LocationEntry(Service, 1, ["dc1"])).Outcome);
        Assert.Equal(UpdateOutcome.Applied, table.Replace(new LocationEntry(Service, 3, ["dc2"])).Outcome);

        var late = table.Replace(new LocationEntry(Service, 2, ["dc1"]));
        Assert.Equal(UpdateOutcome.Stale, late.Outcome);
        Assert.False(late.Accepted);
        Assert.Equal(["dc2"], table.Lookup(Service)!.DataCenters);

        Assert.Equal(UpdateOutcome.Repeated, table.Replace(new LocationEntry(Service, 3, ["dc2"])).Outcome);
        Assert.Equal(UpdateOutcome.Stale, table.Replace(new LocationEntry(Service, 3, ["dc1"])).Outcome);
        Assert.Equal(3, table.Lookup(Service)!.Epoch);
    }

    [Fact]
    public void A_switch_over_takes_effect_only_at_commit_and_a_late_prepare_cannot_undo_it()
    {
        var table = new LocationTable();
        table.Replace(new LocationEntry(Service, 1, ["dc1"]));

        Assert.Equal(UpdateOutcome.Applied, table.Prepare(new LocationEntry(Service, 2, ["dc2"])).Outcome);
        Assert.Equal(["dc1"], table.Lookup(Service)!.DataCenters);
        Assert.Equal(UpdateOutcome.Applied, table.Commit(Service, 2).Outcome);
        Assert.Equal(["dc2"], table.Lookup(Service)!.DataCenters);

        // The same commit again (a retry) is harmless; an old prepare and its commit are not taken.
        Assert.Equal(UpdateOutcome.Repeated, table.Commit(Service, 2).Outcome);
        Assert.Equal(UpdateOutcome.Stale, table.Prepare(new LocationEntry(Service, 1, ["dc1"])).Outcome);
        Assert.Equal(UpdateOutcome.NotPrepared, table.Commit(Service, 1).Outcome);
        Assert.Equal(["dc2"], table.Lookup(Service)!.DataCenters);
    }

    [Fact]
    public void An_aborted_switch_over_leaves_the_table_as_it_was()
    {
        var table = new LocationTable();
        table.Replace(new LocationEntry(Service, 1, ["dc1"]));
        table.Prepare(new LocationEntry(Service, 2, ["dc2"]));

        Assert.Equal(UpdateOutcome.Applied, table.Abort(Service, 2).Outcome);
        Assert.Equal(UpdateOutcome.NotPrepared, table.Commit(Service, 2).Outcome);
        Assert.Equal(["dc1"], table.Lookup(Service)!.DataCenters);
    }

    [Fact]
    public void Replicas_are_added_and_dropped_under_the_epoch_rule_and_the_last_one_cannot_go()
    {
        var table = new LocationTable();
        table.Replace(new LocationEntry(Service, 1, ["dc1"], "52:54:00:00:00:02"));

        Assert.Equal(UpdateOutcome.Applied, table.AddReplica(Service, "dc2", 2).Outcome);
        Assert.Equal(["dc1", "dc2"], table.Lookup(Service)!.DataCenters);
        Assert.Equal("52:54:00:00:00:02", table.Lookup(Service)!.Mac);
        Assert.Equal(UpdateOutcome.Stale, table.DropReplica(Service, "dc2", 2).Outcome);

        Assert.Equal(UpdateOutcome.Applied, table.DropReplica(Service, "dc1", 3).Outcome);
        Assert.Equal(["dc2"], table.Lookup(Service)!.DataCenters);
        Assert.Throws<ArgumentException>(() => table.DropReplica(Service, "dc2", 4));
    }

    [Fact]
    public void Bad_entries_are_refused_with_a_reason()
    {
        var table = new LocationTable();
        Assert.Contains("not an IPv4 address", Assert.Throws<ArgumentException>(() => table.Replace(new LocationEntry("dc1", 1, ["dc1"]))).Message, StringComparison.Ordinal);
        Assert.Contains("at least one data center", Assert.Throws<ArgumentException>(() => table.Replace(new LocationEntry(Service, 1, []))).Message, StringComparison.Ordinal);
    }
}
