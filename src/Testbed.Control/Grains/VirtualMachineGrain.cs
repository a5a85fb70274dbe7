using Microsoft.Extensions.Logging;
using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Hosting;
using Testbed.Control.Hosts;
using Testbed.Experiments.Model;
using Testbed.Results.Files;
using Testbed.Results.Records;
using Testbed.Workload.Records;

namespace Testbed.Control.Grains;

/// <summary>
/// One copy of a service in one data center. It decides the order of a placement step and
/// records it: a migration has the destination's grain start an incoming QEMU, has this
/// silo's <see cref="IGuestHost"/> move the guest, then stops whichever copy is left over
/// and tells the data centers and (when the address changed) the user groups.
/// </summary>
[DataCenterPlacement]
public sealed partial class VirtualMachineGrain(IGuestHost guests, IRunRecords records, Experiment experiment, SiloName silo, ILogger<VirtualMachineGrain> logger) : Grain, IVirtualMachineGrain
{
    private string DataCenter => VirtualMachineKey.Parse(this.GetPrimaryKeyString()).DataCenter;

    private string ServiceName => VirtualMachineKey.Parse(this.GetPrimaryKeyString()).Service;

    public Task<string> GetSiloNameAsync() => Task.FromResult(silo.Value);

    public async Task BootAsync()
    {
        await guests.BootAsync(ServiceName, DataCenter);
        await GrainFactory.GetGrain<IDataCenterGrain>(DataCenter).SetHostingAsync(ServiceName, true);
        records.Event("vm-booted", new { Vm = ServiceName, DataCenter, Address = guests.AddressAt(ServiceName, DataCenter), Silo = silo.Value });
    }

    public async Task CalibrateAsync(int requestBytes)
    {
        foreach (var row in await guests.CalibrateAsync(ServiceName, DataCenter, requestBytes))
        {
            records.GuestCalibration(row);
        }
    }

    public async Task PrepareIncomingAsync()
    {
        await guests.PrepareIncomingAsync(ServiceName, DataCenter);
        records.Event("vm-incoming", new { Vm = ServiceName, DataCenter, Silo = silo.Value });
    }

    public Task ListenForMigrationAsync(string source, IReadOnlyDictionary<string, bool> capabilities, int? multifdChannels, string listenUri) =>
        guests.ListenForMigrationAsync(ServiceName, DataCenter, source, capabilities, multifdChannels, listenUri);

    public Task<MigrationResume> WaitForResumeAsync() => guests.MigrationResumedAsync(ServiceName, DataCenter);

    public async Task<PlacementResult> MigrateToAsync(string dataCenter, string reason, MigrationOptions? options = null)
    {
        var step = new PlacementStep(PlacementStepKind.Migrate, ServiceName, dataCenter, reason);
        EnsureRunning();
        var destination = GrainFactory.GetGrain<IVirtualMachineGrain>(VirtualMachineKey.Of(dataCenter, ServiceName));
        var addressBefore = guests.ServiceAddress(ServiceName);
        var notPrepared = await PrepareAsync(destination);
        var started = records.Now();
        records.Event("migration-start", new { Vm = ServiceName, From = DataCenter, To = dataCenter, Reason = reason });
        Log.MigrationStarted(logger, ServiceName, DataCenter, dataCenter, reason);
        var row = notPrepared is null
            ? await guests.MigrateAsync(ServiceName, DataCenter, dataCenter, reason, options, started)
            : MigrationRow.NotStarted(ServiceName, DataCenter, dataCenter, started, records.Now(), FailureOutcome(), reason, notPrepared);

        records.Migration(row);
        records.Event("migration-end", new { Vm = ServiceName, From = DataCenter, To = dataCenter, row.Outcome, row.QemuDowntimeMs, row.QemuTotalMs });
        Log.MigrationEnded(logger, ServiceName, DataCenter, dataCenter, EnumWords<MigrationOutcome>.Word(row.Outcome), row.QemuDowntimeMs, Why(row.Error));
        if (!row.Succeeded)
        {
            await RemoveLeftOverAsync(destination);
            Fault($"migration of {ServiceName} from {DataCenter} to {dataCenter}", row.Outcome, row.Error);
            return new PlacementResult(step, DataCenter, PlacementOf(row.Outcome), row.Error);
        }

        await StopAsync();
        await GrainFactory.GetGrain<IDataCenterGrain>(DataCenter).SetHostingAsync(ServiceName, false);
        await GrainFactory.GetGrain<IDataCenterGrain>(dataCenter).SetHostingAsync(ServiceName, true);
        var addressAfter = guests.ServiceAddress(ServiceName);
        if (addressAfter != addressBefore)
        {
            foreach (var group in experiment.UserGroups.Where(g => g.Service == ServiceName))
            {
                await GrainFactory.GetGrain<IUserGroupGrain>(group.Name).PublishAddressAsync(addressAfter);
            }
        }

        return new PlacementResult(step, DataCenter, PlacementOutcome.Completed, null);
    }

    public async Task<PlacementResult> ReplicateToAsync(string dataCenter, string reason)
    {
        var step = new PlacementStep(PlacementStepKind.Replicate, ServiceName, dataCenter, reason);
        EnsureRunning();
        if (!guests.SupportsReplicas)
        {
            Log.ReplicaRefused(logger, ServiceName, dataCenter, guests.MechanismName);
            return new PlacementResult(step, DataCenter, PlacementOutcome.Refused, $"the {guests.MechanismName} mechanism cannot serve replicas");
        }

        var destination = GrainFactory.GetGrain<IVirtualMachineGrain>(VirtualMachineKey.Of(dataCenter, ServiceName));
        var notPrepared = await PrepareAsync(destination);
        var started = records.Now();
        records.Event("replication-start", new { Vm = ServiceName, From = DataCenter, To = dataCenter, Reason = reason });
        var row = notPrepared is null
            ? await guests.ReplicateAsync(ServiceName, DataCenter, dataCenter, reason, started)
            : new ReplicationRow(ReplicationRow.Replicate, ServiceName, DataCenter, dataCenter, started, records.Now(), FailureOutcome(), null, null, null, reason, notPrepared);

        if (row.Succeeded)
        {
            await GrainFactory.GetGrain<IDataCenterGrain>(dataCenter).SetHostingAsync(ServiceName, true);
        }
        else
        {
            await RemoveLeftOverAsync(destination);
            Fault($"replication of {ServiceName} from {DataCenter} to {dataCenter}", row.Outcome, row.Error);
        }

        records.Replication(row);
        records.Event("replication-end", new { Vm = ServiceName, From = DataCenter, To = dataCenter, row.Outcome });
        Log.ReplicationEnded(logger, ServiceName, DataCenter, dataCenter, EnumWords<MigrationOutcome>.Word(row.Outcome), Why(row.Error));
        return new PlacementResult(step, DataCenter, PlacementOf(row.Outcome), row.Error);
    }

    public async Task<PlacementResult> DropAsync(string reason)
    {
        var step = new PlacementStep(PlacementStepKind.Drop, ServiceName, DataCenter, reason);
        var started = records.Now();
        await guests.WithdrawReplicaAsync(ServiceName, DataCenter);
        await StopAsync();
        await GrainFactory.GetGrain<IDataCenterGrain>(DataCenter).SetHostingAsync(ServiceName, false);
        records.Replication(new ReplicationRow(ReplicationRow.Drop, ServiceName, DataCenter, DataCenter, started, records.Now(), MigrationOutcome.Completed,
            null, null, null, reason, null));
        records.Event("replica-dropped", new { Vm = ServiceName, DataCenter, Reason = reason });
        return new PlacementResult(step, DataCenter, PlacementOutcome.Completed, null);
    }

    public async Task StopAsync()
    {
        await guests.StopAsync(ServiceName, DataCenter);
        DeactivateOnIdle();
    }

    public Task<VirtualMachineStatus> GetStatusAsync()
    {
        var pid = guests.ProcessId(ServiceName, DataCenter);
        return Task.FromResult(new VirtualMachineStatus(ServiceName, DataCenter, pid is null ? "none" : "running", pid));
    }

    /// <summary>A placement step that did not complete is a fault of the run, unless the run's own stopping cancelled it.</summary>
    private void Fault(string component, MigrationOutcome outcome, string? error)
    {
        if (outcome != MigrationOutcome.Cancelled || !guests.Stopping)
        {
            records.Fault(new RunFault(Math.Round(records.Now(), 3), component, error ?? EnumWords<MigrationOutcome>.Word(outcome), FaultEffect.Degraded,
                "the service stays where it was"));
        }
    }

    /// <summary>Starts the destination's incoming QEMU; null when it runs, else why not (the step then fails with that, and its row says so).</summary>
    private static async Task<string?> PrepareAsync(IVirtualMachineGrain destination)
    {
        try
        {
            await destination.PrepareIncomingAsync();
            return null;
        }
        catch (Exception e)
        {
            return "the destination's QEMU did not start: " + OneLine(e);
        }
    }

    /// <summary>The copy a failed step left at the destination goes; failing that, the run's teardown removes it, and the event says so.</summary>
    private async Task RemoveLeftOverAsync(IVirtualMachineGrain destination)
    {
        try
        {
            await destination.StopAsync();
        }
        catch (Exception e)
        {
            records.Event("error", new { Message = $"removing the copy a failed step left: {OneLine(e)}" });
        }
    }

    private MigrationOutcome FailureOutcome() => guests.Stopping ? MigrationOutcome.Cancelled : MigrationOutcome.Failed;

    private static string OneLine(Exception e) => e.Message.ReplaceLineEndings(" ");

    private static string Why(string? error) => error is null ? "" : ": " + error;

    private static PlacementOutcome PlacementOf(MigrationOutcome outcome) => outcome switch
    {
        MigrationOutcome.Completed => PlacementOutcome.Completed,
        MigrationOutcome.Cancelled => PlacementOutcome.Cancelled,
        _ => PlacementOutcome.Failed,
    };

    private void EnsureRunning()
    {
        if (guests.ProcessId(ServiceName, DataCenter) is null)
        {
            throw new InvalidOperationException($"{ServiceName} does not run in {DataCenter}");
        }
    }
}
