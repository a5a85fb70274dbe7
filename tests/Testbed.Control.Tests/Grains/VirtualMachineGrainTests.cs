using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Tests.Fakes;
using Testbed.Results.Records;
using Testbed.Workload.Records;

namespace Testbed.Control.Tests.Grains;

/// <summary>What a VM's grain decides around each placement step, with the guests faked: which copies run after it, what the data centers say, and what is recorded.</summary>
public sealed class VirtualMachineGrainTests : IAsyncLifetime
{
    private readonly GrainsWithFakes _lab = new();

    private string Service => _lab.Experiment.Services[0].Name;

    private string Home => _lab.Experiment.Services[0].DataCenter;

    private string Away => _lab.Experiment.Topology.DataCenters.First(d => d.Name != Home).Name;

    public Task InitializeAsync() => _lab.InitializeAsync();

    public Task DisposeAsync() => _lab.DisposeAsync();

    [Fact]
    public async Task A_completed_migration_leaves_one_copy_at_the_destination_and_the_data_centers_say_so()
    {
        var vm = await BootedAsync();

        var result = await vm.MigrateToAsync(Away, "test");

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal([$"{Service}@{Away}"], _lab.Guests.Running);
        Assert.DoesNotContain(Service, (await DataCenter(Home).GetStatusAsync()).Services);
        Assert.Contains(Service, (await DataCenter(Away).GetStatusAsync()).Services);
        var row = Assert.Single(_lab.Records.Migrations);
        Assert.Equal((Home, Away, MigrationOutcome.Completed), (row.From, row.To, row.Outcome));
        Assert.Equal(_lab.Guests.StepSeconds, row.EndS - row.StartS);
        Assert.Equal(["vm-booted", "vm-incoming", "migration-start", "migration-end"], _lab.Records.Events);
    }

    [Fact]
    public async Task A_failed_migration_keeps_the_source_serving_stops_the_destination_and_records_why()
    {
        var vm = await BootedAsync();
        _lab.Guests.MigrationError = "the destination died";

        var result = await vm.MigrateToAsync(Away, "test");

        Assert.False(result.Succeeded);
        Assert.Equal("the destination died", result.Error);
        Assert.Equal([$"{Service}@{Home}"], _lab.Guests.Running);
        Assert.Contains(Service, (await DataCenter(Home).GetStatusAsync()).Services);
        Assert.DoesNotContain(Service, (await DataCenter(Away).GetStatusAsync()).Services);
        Assert.Equal("the destination died", Assert.Single(_lab.Records.Migrations).Error);
        var fault = Assert.Single(_lab.Records.Faults);
        Assert.Equal((FaultEffect.Degraded, $"migration of {Service} from {Home} to {Away}", "the destination died"), (fault.Effect, fault.Component, fault.Cause));
    }

    [Fact]
    public async Task A_destination_that_does_not_start_fails_the_migration_with_its_row_and_a_fault()
    {
        var vm = await BootedAsync();
        _lab.Guests.IncomingError = "qemu-system-x86_64 exited at start";

        var result = await vm.MigrateToAsync(Away, "test");

        Assert.False(result.Succeeded);
        Assert.Equal([$"{Service}@{Home}"], _lab.Guests.Running);
        var row = Assert.Single(_lab.Records.Migrations);
        Assert.Equal((MigrationOutcome.Failed, Home, Away), (row.Outcome, row.From, row.To));
        Assert.Contains("qemu-system-x86_64 exited at start", row.Error, StringComparison.Ordinal);
        Assert.Equal(FaultEffect.Degraded, Assert.Single(_lab.Records.Faults).Effect);
    }

    [Fact]
    public async Task A_migration_cancelled_because_the_run_is_stopping_keeps_its_row_and_is_no_fault()
    {
        var vm = await BootedAsync();
        _lab.Guests.MigrationError = "the run was aborted";
        _lab.Guests.Stopping = true;

        var result = await vm.MigrateToAsync(Away, "test");

        Assert.Equal(PlacementOutcome.Cancelled, result.Outcome);
        Assert.Equal(MigrationOutcome.Cancelled, Assert.Single(_lab.Records.Migrations).Outcome);
        Assert.Equal([$"{Service}@{Home}"], _lab.Guests.Running);
        Assert.Empty(_lab.Records.Faults);
    }

    [Fact]
    public async Task A_replica_serves_beside_its_source_and_a_dropped_one_is_withdrawn_before_it_stops()
    {
        var vm = await BootedAsync();

        var cloned = await vm.ReplicateToAsync(Away, "test");
        var replica = _lab.Grains.GetGrain<IVirtualMachineGrain>(VirtualMachineKey.Of(Away, Service));
        Assert.True(cloned.Succeeded, cloned.Error);
        Assert.Equal(new HashSet<string> { $"{Service}@{Home}", $"{Service}@{Away}" }, _lab.Guests.Running);
        Assert.Contains(Service, (await DataCenter(Away).GetStatusAsync()).Services);

        var dropped = await replica.DropAsync("test");

        Assert.True(dropped.Succeeded, dropped.Error);
        Assert.Equal([$"{Service}@{Home}"], _lab.Guests.Running);
        var calls = _lab.Guests.Calls.ToList();
        Assert.True(calls.IndexOf($"WithdrawReplicaAsync {Service}@{Away}") < calls.IndexOf($"StopAsync {Service}@{Away}"), string.Join("; ", calls));
        Assert.DoesNotContain(Service, (await DataCenter(Away).GetStatusAsync()).Services);
        Assert.Equal([ReplicationRow.Replicate, ReplicationRow.Drop], _lab.Records.Replications.Select(r => r.Kind));
    }

    [Fact]
    public async Task A_replica_under_a_mechanism_without_replicas_is_refused_before_anything_starts()
    {
        var vm = await BootedAsync();
        _lab.Guests.SupportsReplicas = false;
        _lab.Guests.MechanismName = "l2-stretch";

        var result = await vm.ReplicateToAsync(Away, "test");

        Assert.Equal(PlacementOutcome.Refused, result.Outcome);
        Assert.Contains("l2-stretch", result.Error, StringComparison.Ordinal);
        Assert.Equal([$"{Service}@{Home}"], _lab.Guests.Running);
        Assert.Empty(_lab.Records.Replications);
    }

    [Fact]
    public async Task A_failed_clone_stops_the_half_made_replica_and_records_the_failure()
    {
        var vm = await BootedAsync();
        _lab.Guests.ReplicationError = "stream cut";

        var result = await vm.ReplicateToAsync(Away, "test");

        Assert.False(result.Succeeded);
        Assert.Equal([$"{Service}@{Home}"], _lab.Guests.Running);
        Assert.DoesNotContain(Service, (await DataCenter(Away).GetStatusAsync()).Services);
        Assert.Equal("stream cut", Assert.Single(_lab.Records.Replications).Error);
    }

    [Fact]
    public async Task Moving_a_copy_that_does_not_run_is_refused_and_starts_nothing()
    {
        var vm = _lab.Grains.GetGrain<IVirtualMachineGrain>(VirtualMachineKey.Of(Home, Service));

        await Assert.ThrowsAsync<InvalidOperationException>(() => vm.MigrateToAsync(Away, "test"));

        Assert.Empty(_lab.Guests.Running);
        Assert.Empty(_lab.Records.Migrations);
    }

    [Fact]
    public async Task A_failed_data_center_cuts_its_links_and_says_it_failed_until_restored()
    {
        await DataCenter(Away).FailAsync();
        Assert.False(_lab.Wan.DataCentersUp[Away]);
        Assert.True((await DataCenter(Away).GetStatusAsync()).Failed);

        await DataCenter(Away).RestoreAsync();
        Assert.True(_lab.Wan.DataCentersUp[Away]);
        Assert.False((await DataCenter(Away).GetStatusAsync()).Failed);
    }

    private async Task<IVirtualMachineGrain> BootedAsync()
    {
        var vm = _lab.Grains.GetGrain<IVirtualMachineGrain>(VirtualMachineKey.Of(Home, Service));
        await vm.BootAsync();
        return vm;
    }

    private IDataCenterGrain DataCenter(string name) => _lab.Grains.GetGrain<IDataCenterGrain>(name);
}
