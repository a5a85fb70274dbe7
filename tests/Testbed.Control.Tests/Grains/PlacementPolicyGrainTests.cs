using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Tests.Fakes;
using Testbed.Workload.Records;

namespace Testbed.Control.Tests.Grains;

/// <summary>The placement grain's refusal rules and its record of where each service's copies are, over VM grains whose guests are faked.</summary>
public sealed class PlacementPolicyGrainTests : IAsyncLifetime
{
    private readonly GrainsWithFakes _lab = new();

    private string Service => _lab.Experiment.Services[0].Name;

    private string Home => _lab.Experiment.Services[0].DataCenter;

    private string Away => _lab.Experiment.Topology.DataCenters.First(d => d.Name != Home).Name;

    private IPlacementPolicyGrain Policy => _lab.Grains.GetGrain<IPlacementPolicyGrain>("run");

    public async Task InitializeAsync()
    {
        await _lab.InitializeAsync();
        await _lab.Grains.GetGrain<IVirtualMachineGrain>(VirtualMachineKey.Of(Home, Service)).BootAsync();
        await Policy.StartAsync();
    }

    public Task DisposeAsync() => _lab.DisposeAsync();

    [Fact]
    public async Task A_step_that_contradicts_where_the_copies_are_is_refused_without_touching_a_guest()
    {
        var calls = _lab.Guests.Calls.Count;

        var toItsOwnPlace = await Policy.ApplyAsync(Step(PlacementStepKind.Migrate, Home));
        var dropOfNoReplica = await Policy.ApplyAsync(Step(PlacementStepKind.Drop, Away));
        var replicaWhereItRuns = await Policy.ApplyAsync(Step(PlacementStepKind.Replicate, Home));

        Assert.All([toItsOwnPlace, dropOfNoReplica, replicaWhereItRuns], r => Assert.Equal(PlacementOutcome.Refused, r.Outcome));
        Assert.Contains("already runs", toItsOwnPlace.Error, StringComparison.Ordinal);
        Assert.Contains("no replica", dropOfNoReplica.Error, StringComparison.Ordinal);
        Assert.Equal(calls, _lab.Guests.Calls.Count);
        Assert.Equal(3, _lab.Records.Events.Count(e => e == "placement-refused"));
    }

    [Fact]
    public async Task Copies_are_tracked_through_a_replica_and_its_drop_and_a_migration_onto_a_replica_is_refused()
    {
        Assert.True((await Policy.ApplyAsync(Step(PlacementStepKind.Replicate, Away))).Succeeded);
        Assert.Equal([Away], Placement(await Policy.GetPlacementsAsync()).Replicas);

        var ontoReplica = await Policy.ApplyAsync(Step(PlacementStepKind.Migrate, Away));
        var secondReplica = await Policy.ApplyAsync(Step(PlacementStepKind.Replicate, Away));
        Assert.Contains("drop it first", ontoReplica.Error, StringComparison.Ordinal);
        Assert.Contains("already has a copy", secondReplica.Error, StringComparison.Ordinal);

        Assert.True((await Policy.ApplyAsync(Step(PlacementStepKind.Drop, Away))).Succeeded);
        Assert.Empty(Placement(await Policy.GetPlacementsAsync()).Replicas);
        Assert.Equal([$"{Service}@{Home}"], _lab.Guests.Running);
    }

    [Fact]
    public async Task A_migration_that_failed_leaves_the_service_where_it_was()
    {
        _lab.Guests.MigrationError = "cut";

        var failed = await Policy.ApplyAsync(Step(PlacementStepKind.Migrate, Away));
        _lab.Guests.MigrationError = null;
        var completed = await Policy.ApplyAsync(Step(PlacementStepKind.Migrate, Away));

        Assert.False(failed.Succeeded);
        Assert.True(completed.Succeeded, completed.Error);
        Assert.Equal(Away, Placement(await Policy.GetPlacementsAsync()).Primary);
        Assert.Equal([MigrationOutcome.Failed, MigrationOutcome.Completed], _lab.Records.Migrations.Select(m => m.Outcome));
    }

    private PlacementStep Step(PlacementStepKind kind, string dataCenter) => new(kind, Service, dataCenter, "test");

    private ServicePlacement Placement(IReadOnlyList<ServicePlacement> placements) => Assert.Single(placements, p => p.Service == Service);
}
