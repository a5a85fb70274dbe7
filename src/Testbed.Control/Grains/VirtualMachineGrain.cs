using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Hosting;
using Testbed.Control.World;
using Testbed.Experiments.Model;
using Testbed.Mechanisms.Guests;
using Testbed.Mechanisms.Mobility;
using Testbed.Qemu.Host;
using Testbed.Qemu.Migration;
using Testbed.Results.Records;
using Testbed.Topology.Routing;
using Testbed.Workload.Protocol;
using Testbed.Workload.Statistics;

namespace Testbed.Control.Grains;

/// <summary>
/// One QEMU instance of a service in one data center. The migration itself is
/// <see cref="MobileMigration"/>: this grain starts the destination through the
/// destination's grain, runs it, records it, and stops the source.
/// </summary>
[DataCenterPlacement]
public sealed class VirtualMachineGrain(RunWorld world, SiloName silo) : Grain, IVirtualMachineGrain
{
    /// <summary>How long a replica may take to answer the control line that gives it its own name.</summary>
    private static readonly TimeSpan NamingTimeout = TimeSpan.FromSeconds(30);

    private string Key => this.GetPrimaryKeyString();

    private string DataCenter => VirtualMachineKey.Parse(Key).DataCenter;

    private string ServiceName => VirtualMachineKey.Parse(Key).Service;

    private GuestSpec Guest => world.Guests[ServiceName];

    public Task<string> GetSiloNameAsync() => Task.FromResult(silo.Value);

    public async Task BootAsync()
    {
        var vm = await WanGuest.StartAsync(world.Runtime, world.Wan, world.ImageFor(ServiceName), Guest, DataCenter,
            addressing: world.Mechanism.AddressingAt(Guest, DataCenter), accel: world.Accel, cancellationToken: world.Stopping);
        world.AddVm(Key, vm);
        await world.Mechanism.PlaceAsync(Guest, DataCenter, world.Stopping);
        await GrainFactory.GetGrain<IDataCenterGrain>(DataCenter).SetHostingAsync(ServiceName, true);
        world.Recorder.Event("vm-booted", new { Vm = ServiceName, DataCenter, Address = world.Mechanism.AddressingAt(Guest, DataCenter).Address.ToString() });
    }

    public async Task CalibrateAsync(int requestBytes)
    {
        var address = world.Mechanism.AddressingAt(Guest, DataCenter).Address;
        var (icmp, echoes, requests) = await GuestTurnaround.MeasureAsync(world.Wan, DataCenter, address, requestBytes, world.Stopping);
        foreach (var (kind, rtts, serviceMs) in (ReadOnlySpan<(string, IReadOnlyList<double>, double)>)[
            (GuestCalibrationRow.Icmp, icmp, 0), (GuestCalibrationRow.Echo, echoes, 0), (GuestCalibrationRow.Request, requests, Guest.ServiceTimeMs)])
        {
            if (rtts.Count == 0)
            {
                throw new InvalidOperationException($"{ServiceName} in {DataCenter} answered none of its calibration {kind}s");
            }

            world.Recorder.GuestCalibration(new GuestCalibrationRow(ServiceName, DataCenter, kind, kind == GuestCalibrationRow.Request ? requestBytes : 0, rtts.Count,
                Math.Round(NearestRank.Of(rtts, 0.5), 3), Math.Round(NearestRank.Of(rtts, 0.99), 3), serviceMs));
        }
    }

    public async Task PrepareIncomingAsync()
    {
        var vm = await WanGuest.StartAsync(world.Runtime, world.Wan, world.ImageFor(ServiceName), Guest, DataCenter, incoming: true,
            addressing: world.Mechanism.AddressingAt(Guest, DataCenter), accel: world.Accel, cancellationToken: world.Stopping);
        world.AddVm(Key, vm);
    }

    public async Task<PlacementResult> MigrateToAsync(string dataCenter, string reason, MigrationOptions? options = null)
    {
        var step = new PlacementStep(PlacementStepKind.Migrate, ServiceName, dataCenter, reason);
        var source = Running();
        var destination = GrainFactory.GetGrain<IVirtualMachineGrain>(VirtualMachineKey.Of(dataCenter, ServiceName));
        var addressBefore = world.Mechanism.Directory.Lookup(ServiceName);
        await destination.PrepareIncomingAsync();
        var started = world.Recorder.Now();
        world.Recorder.Event("migration-start", new { Vm = ServiceName, From = DataCenter, To = dataCenter, Reason = reason });
        MigrationRecord record;
        var observed = MigrationObservation.None;
        try
        {
            var result = await MobileMigration.RunAsync(world.Mechanism, world.Wan, Guest, source, world.Vm(VirtualMachineKey.Of(dataCenter, ServiceName))!,
                DataCenter, dataCenter, Settings(options), world.Stopping);
            (record, observed) = (result.Record, result.Observed);
        }
        catch (MigrationFailedException failed)
        {
            record = failed.Record;
        }

        Record(record, observed, started, dataCenter, reason);
        if (!record.Succeeded)
        {
            await destination.StopAsync();
            return new PlacementResult(step, DataCenter, record.Outcome, record.Error);
        }

        await StopAsync();
        await GrainFactory.GetGrain<IDataCenterGrain>(DataCenter).SetHostingAsync(ServiceName, false);
        await GrainFactory.GetGrain<IDataCenterGrain>(dataCenter).SetHostingAsync(ServiceName, true);
        var addressAfter = world.Mechanism.Directory.Lookup(ServiceName);
        if (!addressAfter.Equals(addressBefore))
        {
            await PublishAsync(addressAfter.ToString());
        }

        return new PlacementResult(step, DataCenter, PlacementResult.Completed, null);
    }

    public async Task<PlacementResult> ReplicateToAsync(string dataCenter, string reason)
    {
        var step = new PlacementStep(PlacementStepKind.Replicate, ServiceName, dataCenter, reason);
        var source = Running();
        if (!world.Mechanism.SupportsReplicas)
        {
            return new PlacementResult(step, DataCenter, "refused", $"the {world.Mechanism.Kind.Name()} mechanism cannot serve replicas");
        }

        var destinationKey = VirtualMachineKey.Of(dataCenter, ServiceName);
        var destination = GrainFactory.GetGrain<IVirtualMachineGrain>(destinationKey);
        await destination.PrepareIncomingAsync();
        var started = world.Recorder.Now();
        world.Recorder.Event("replication-start", new { Vm = ServiceName, From = DataCenter, To = dataCenter, Reason = reason });
        var uri = WanGuest.MigrationUri(world.Wan, dataCenter);
        MigrationRecord record;
        try
        {
            // A replica's source runs on, so the clone must be a whole copy: never post-copy.
            record = await LiveMigration.ReplicateAsync(source, world.Vm(destinationKey)!, uri, uri, Settings(null) with { PostcopyRam = false }, world.Stopping);
        }
        catch (MigrationFailedException failed)
        {
            record = failed.Record;
        }

        if (record.Succeeded)
        {
            // The clone answers as itself, so requests.csv shows which copy served each request.
            await GuestAgent.SendAsync(world.Vm(destinationKey)!, ControlLine.SetName($"{ServiceName}@{dataCenter}"), NamingTimeout, world.Stopping);
            await world.Mechanism.AddReplicaAsync(Guest, dataCenter, world.Stopping);
            await GrainFactory.GetGrain<IDataCenterGrain>(dataCenter).SetHostingAsync(ServiceName, true);
        }
        else
        {
            await destination.StopAsync();
        }

        world.Recorder.Replication(new ReplicationRow(ReplicationRow.Replicate, ServiceName, DataCenter, dataCenter, started, world.Recorder.Now(), record.Outcome,
            record.QemuTotalMs, record.QemuDowntimeMs, record.Statistics.Ram?.Transferred, reason, record.Error));
        world.Recorder.Event("replication-end", new { Vm = ServiceName, From = DataCenter, To = dataCenter, record.Outcome });
        return new PlacementResult(step, DataCenter, record.Outcome, record.Error);
    }

    public async Task<PlacementResult> DropAsync(string reason)
    {
        var step = new PlacementStep(PlacementStepKind.Drop, ServiceName, DataCenter, reason);
        var started = world.Recorder.Now();
        await world.Mechanism.DropReplicaAsync(Guest, DataCenter, world.Stopping);
        await StopAsync();
        await GrainFactory.GetGrain<IDataCenterGrain>(DataCenter).SetHostingAsync(ServiceName, false);
        world.Recorder.Replication(new ReplicationRow(ReplicationRow.Drop, ServiceName, DataCenter, DataCenter, started, world.Recorder.Now(), PlacementResult.Completed,
            null, null, null, reason, null));
        world.Recorder.Event("replica-dropped", new { Vm = ServiceName, DataCenter, Reason = reason });
        return new PlacementResult(step, DataCenter, PlacementResult.Completed, null);
    }

    public async Task StopAsync()
    {
        await world.RemoveVmAsync(Key);
        DeactivateOnIdle();
    }

    public Task<VirtualMachineStatus> GetStatusAsync()
    {
        var vm = world.Vm(Key);
        return Task.FromResult(new VirtualMachineStatus(ServiceName, DataCenter, vm is null ? "none" : "running", vm?.Process.Pid));
    }

    /// <summary>The service's migration settings from the experiment, <paramref name="options"/> (one event's) over them, as QEMU takes them.</summary>
    private MigrationSettings Settings(MigrationOptions? options)
    {
        var service = world.Experiment.Services.First(s => s.Name == ServiceName).Migration ?? MigrationSpec.Default;
        var spec = options is null
            ? service
            : new MigrationSpec(options.DowntimeLimitMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, options.MaxBandwidthMbps, options.MultifdChannels, options.Postcopy,
                options.XbzrleCacheBytes, options.AutoConverge).Over(service);
        var defaults = new MigrationSettings();
        return defaults with
        {
            DowntimeLimitMs = spec.DowntimeLimit is { } limit ? (long)Math.Round(limit.TotalMilliseconds) : defaults.DowntimeLimitMs,
            MaxBandwidthBytesPerSecond = spec.MaxBandwidthMbps is { } mbps ? (long)Math.Round(mbps * 1e6 / 8) : defaults.MaxBandwidthBytesPerSecond,
            MultifdChannels = spec.MultifdChannels,
            PostcopyRam = spec.Postcopy ?? false,
            XbzrleCacheBytes = spec.XbzrleCacheBytes,
            AutoConverge = spec.AutoConverge ?? false,
        };
    }

    private QemuVm Running() => world.Vm(Key) ?? throw new InvalidOperationException($"{ServiceName} does not run in {DataCenter}");

    private void Record(MigrationRecord record, MigrationObservation observed, double started, string destination, string reason)
    {
        var timeline = record.Timeline;
        var resume = timeline.DestinationResume is { } at ? world.Recorder.SecondsAt(at) : (double?)null;
        var stop = timeline.SourceStop is { } stopped ? world.Recorder.SecondsAt(stopped) : (double?)null;
        world.Recorder.Migration(new MigrationRow(ServiceName, DataCenter, destination, started, world.Recorder.Now(), record.Outcome, resume,
            record.QemuTotalMs, record.QemuDowntimeMs, Ms(record.RestoreMs), Ms(record.SwitchoverMs), record.Statistics.Ram?.Transferred, reason, record.Error,
            stop, Ms(Between(timeline.SourceCompleted, observed.LastByte)), Ms(Between(observed.LastByte, timeline.DestinationResume)),
            Ms(observed.Convergence.PathReadyMs), Ms(observed.Convergence.GuestFirstFrameMs),
            observed.Buffers.SendBufferBytes, observed.Buffers.UnsentLimitBytes, observed.Buffers.ReceiveBufferBytes, observed.Buffers.PathQueuePackets, record.Applied?.ToString()));
        world.Recorder.Event("migration-end", new { Vm = ServiceName, From = DataCenter, To = destination, record.Outcome, record.QemuDowntimeMs, record.QemuTotalMs });
    }

    private static double? Between(DateTimeOffset? from, DateTimeOffset? to) => from is { } start && to is { } end ? (end - start).TotalMilliseconds : null;

    /// <summary>Milliseconds to the microsecond the results files keep.</summary>
    private static double? Ms(double? value) => value is { } ms ? Math.Round(ms, 3) : null;

    private async Task PublishAsync(string address)
    {
        foreach (var group in world.Experiment.UserGroups.Where(g => g.Service == ServiceName))
        {
            await GrainFactory.GetGrain<IUserGroupGrain>(group.Name).PublishAddressAsync(address);
        }
    }
}
