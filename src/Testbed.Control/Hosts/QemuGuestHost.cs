using Testbed.Control.Cluster;
using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.World;
using Testbed.Experiments.Model;
using Testbed.Mechanisms.Guests;
using Testbed.Mechanisms.Mobility;
using Testbed.Qemu.Host;
using Testbed.Qemu.Migration;
using Testbed.Results.Records;
using Testbed.Topology.Routing;
using Testbed.Workload.Protocol;
using Testbed.Workload.Records;
using Testbed.Workload.Statistics;

namespace Testbed.Control.Hosts;

/// <summary>
/// The run's guests as real QEMU processes on this host's data centers, reached through the
/// run's mechanism. A migration to a data center on another lab machine reaches the incoming
/// QEMU there through its grain (<see cref="RemoteMigrationDestination"/>).
/// </summary>
public sealed class QemuGuestHost(RunWorld world, IGrainFactory grains, RunClockOffset clock) : IGuestHost
{
    /// <summary>Incoming QEMUs that listen for a migration from another machine, by VM key.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IncomingQemu> _listening = new(StringComparer.Ordinal);

    /// <summary>How long a replica may take to answer the control line that gives it its own name.</summary>
    private static readonly TimeSpan NamingTimeout = TimeSpan.FromSeconds(30);

    public string MechanismName => world.Mechanism.Kind.Name();

    public bool SupportsReplicas => world.Mechanism.SupportsReplicas;

    public bool Stopping => world.Stopping.IsCancellationRequested;

    /// <remarks>
    /// Over several machines only the smart-router mechanisms run, under which a service keeps
    /// its own address wherever it is (the paper's point); the directory that publishes it is on
    /// the host that booted it, so the others take the address itself.
    /// </remarks>
    public string ServiceAddress(string service) => world.Share is null
        ? world.Mechanism.Directory.Lookup(service).ToString()
        : world.Guests[service].Address.ToString();

    public string AddressAt(string service, string dataCenter) => world.Mechanism.AddressingAt(world.Guests[service], dataCenter).Address.ToString();

    public int? ProcessId(string service, string dataCenter) => world.Vm(VirtualMachineKey.Of(dataCenter, service))?.Process.Pid;

    public async Task BootAsync(string service, string dataCenter)
    {
        var guest = world.Guests[service];
        var vm = await WanGuest.StartAsync(world.Runtime, world.Wan, world.ImageFor(service), guest, dataCenter,
            addressing: world.Mechanism.AddressingAt(guest, dataCenter), accel: world.Accel, cancellationToken: world.Stopping);
        world.AddVm(VirtualMachineKey.Of(dataCenter, service), vm);
        await world.Mechanism.PlaceAsync(guest, dataCenter, world.Stopping);
    }

    public async Task PrepareIncomingAsync(string service, string dataCenter)
    {
        var guest = world.Guests[service];
        var vm = await WanGuest.StartAsync(world.Runtime, world.Wan, world.ImageFor(service), guest, dataCenter, incoming: true,
            addressing: world.Mechanism.AddressingAt(guest, dataCenter), accel: world.Accel, cancellationToken: world.Stopping);
        world.AddVm(VirtualMachineKey.Of(dataCenter, service), vm, incoming: true);
    }

    public async Task ListenForMigrationAsync(string service, string dataCenter, string source, IReadOnlyDictionary<string, bool> capabilities, int? multifdChannels, string listenUri)
    {
        var key = VirtualMachineKey.Of(dataCenter, service);
        await WanGuest.MigrationListenerAsync(world.Wan, dataCenter, source, world.Stopping);
        var incoming = new IncomingQemu(Running(service, dataCenter));
        if (_listening.TryRemove(key, out var stale))
        {
            await stale.DisposeAsync();
        }

        _listening[key] = incoming;
        await incoming.ListenAsync(capabilities, multifdChannels, listenUri, world.Stopping);
    }

    public async Task<MigrationResume> MigrationResumedAsync(string service, string dataCenter)
    {
        var key = VirtualMachineKey.Of(dataCenter, service);
        if (!_listening.TryRemove(key, out var incoming))
        {
            return new MigrationResume(null, $"{service} in {dataCenter} is not listening for a migration");
        }

        await using (incoming)
        {
            var (at, error) = await incoming.ResumedAsync();
            if (at is not { } resumed)
            {
                return new MigrationResume(null, error);
            }

            world.Arrived(key);

            // Put on the coordinator's clock, so that any host can put it on its own.
            return new MigrationResume(clock.ToCoordinator(resumed).UtcTicks, null);
        }
    }

    public async Task<IReadOnlyList<GuestCalibrationRow>> CalibrateAsync(string service, string dataCenter, int requestBytes)
    {
        var guest = world.Guests[service];
        var address = world.Mechanism.AddressingAt(guest, dataCenter).Address;
        var (icmp, echoes, requests) = await GuestTurnaround.MeasureAsync(world.Wan, dataCenter, address, requestBytes, world.Stopping);
        var rows = new List<GuestCalibrationRow>();
        foreach (var (kind, rtts, serviceMs) in (ReadOnlySpan<(string, IReadOnlyList<double>, double)>)[
            (GuestCalibrationRow.Icmp, icmp, 0), (GuestCalibrationRow.Echo, echoes, 0), (GuestCalibrationRow.Request, requests, guest.ServiceTimeMs)])
        {
            if (rtts.Count == 0)
            {
                throw new InvalidOperationException($"{service} in {dataCenter} answered none of its calibration {kind}s");
            }

            rows.Add(new GuestCalibrationRow(service, dataCenter, kind, kind == GuestCalibrationRow.Request ? requestBytes : 0, rtts.Count,
                Math.Round(NearestRank.Of(rtts, 0.5), 3), Math.Round(NearestRank.Of(rtts, 0.99), 3), serviceMs));
        }

        return rows;
    }

    public async Task<MigrationRow> MigrateAsync(string service, string source, string destination, string reason, MigrationOptions? options, double startedS)
    {
        MigrationRecord record;
        var observed = MigrationObservation.None;
        try
        {
            var here = world.Wan.HasNode(Testbed.Network.Wan.WanNetwork.HostName(destination, 0));
            var destinationVm = here ? Running(service, destination) : null;
            await using IMigrationDestination incoming = destinationVm is not null
                ? new IncomingQemu(destinationVm)
                : new RemoteMigrationDestination(grains.GetGrain<IVirtualMachineGrain>(VirtualMachineKey.Of(destination, service)), source, clock);
            var result = await MobileMigration.RunAsync(world.Mechanism, world.Wan, world.Guests[service], Running(service, source), incoming, destinationVm,
                source, destination, Settings(service, options), world.Stopping);
            (record, observed) = (result.Record, result.Observed);
            if (here)
            {
                world.Arrived(VirtualMachineKey.Of(destination, service));
            }
        }
        catch (MigrationFailedException failed)
        {
            record = failed.Record;
        }
        catch (Exception e)
        {
            // The mechanism could not even prepare (a router that does not answer, say): QEMU never started to migrate.
            return MigrationRow.NotStarted(service, source, destination, startedS, world.Recorder.Now(), OutcomeOfFailure(), reason, e.Message.ReplaceLineEndings(" "));
        }

        var timeline = record.Timeline;
        var recorder = world.Recorder;
        var resume = timeline.DestinationResume is { } at ? recorder.SecondsAt(at) : (double?)null;
        var stop = timeline.SourceStop is { } stopped ? recorder.SecondsAt(stopped) : (double?)null;
        return new MigrationRow(service, source, destination, startedS, recorder.Now(), record.Outcome, resume,
            record.QemuTotalMs, record.QemuDowntimeMs, Ms(record.RestoreMs), Ms(record.SwitchoverMs), record.Statistics.Ram?.Transferred, reason, record.Error,
            stop, Ms(Between(timeline.SourceCompleted, observed.LastByte)), Ms(Between(observed.LastByte, timeline.DestinationResume)),
            Ms(observed.Convergence.PathReadyMs), Ms(observed.Convergence.GuestFirstFrameMs),
            observed.Buffers.SendBufferBytes, observed.Buffers.UnsentLimitBytes, observed.Buffers.ReceiveBufferBytes, observed.Buffers.PathQueuePackets, record.Applied?.ToString());
    }

    public async Task<ReplicationRow> ReplicateAsync(string service, string source, string destination, string reason, double startedS)
    {
        if (!world.Wan.HasNode(Testbed.Network.Wan.WanNetwork.HostName(destination, 0)))
        {
            return new ReplicationRow(ReplicationRow.Replicate, service, source, destination, startedS, world.Recorder.Now(), MigrationOutcome.Failed,
                null, null, null, reason, $"{destination} is on another lab machine, and replicas across machines are not built yet: keep them on one host with --pin");
        }

        var clone = Running(service, destination);
        MigrationRecord record;
        try
        {
            var uri = await WanGuest.MigrationListenerAsync(world.Wan, destination, source, world.Stopping);
            // A replica's source runs on, so the clone must be a whole copy: never post-copy.
            record = await LiveMigration.ReplicateAsync(Running(service, source), clone, uri, uri, Settings(service, null) with { PostcopyRam = false }, world.Stopping);
        }
        catch (MigrationFailedException failed)
        {
            record = failed.Record;
        }
        catch (Exception e)
        {
            return new ReplicationRow(ReplicationRow.Replicate, service, source, destination, startedS, world.Recorder.Now(), OutcomeOfFailure(),
                null, null, null, reason, e.Message.ReplaceLineEndings(" "));
        }

        if (record.Succeeded)
        {
            world.Arrived(VirtualMachineKey.Of(destination, service));
            try
            {
                // The clone answers as itself, so requests.csv shows which copy served each request.
                await GuestAgent.SendAsync(clone, new SetNameCommand($"{service}@{destination}").Line, NamingTimeout, world.Stopping);
                await world.Mechanism.AddReplicaAsync(world.Guests[service], destination, world.Stopping);
            }
            catch (Exception e)
            {
                // The clone runs but cannot serve: the routers forget it (those that learnt it), and its grain stops it.
                record = record with { Outcome = OutcomeOfFailure(), Error = $"cloned, but not made reachable: {e.Message.ReplaceLineEndings(" ")}" };
                await WithdrawQuietlyAsync(service, destination);
            }
        }

        return new ReplicationRow(ReplicationRow.Replicate, service, source, destination, startedS, world.Recorder.Now(), record.Outcome,
            record.QemuTotalMs, record.QemuDowntimeMs, record.Statistics.Ram?.Transferred, reason, record.Error);
    }

    /// <summary>A step that failed because the run is being stopped was cancelled; any other failed.</summary>
    private MigrationOutcome OutcomeOfFailure() => Stopping ? MigrationOutcome.Cancelled : MigrationOutcome.Failed;

    private async Task WithdrawQuietlyAsync(string service, string dataCenter)
    {
        try
        {
            await world.Mechanism.DropReplicaAsync(world.Guests[service], dataCenter, CancellationToken.None);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or ObjectDisposedException)
        {
            // Never added anywhere, or its router is gone: nothing to take back there.
        }
    }

    public Task WithdrawReplicaAsync(string service, string dataCenter) => world.Mechanism.DropReplicaAsync(world.Guests[service], dataCenter, world.Stopping);

    public async Task StopAsync(string service, string dataCenter)
    {
        var key = VirtualMachineKey.Of(dataCenter, service);
        if (_listening.TryRemove(key, out var incoming))
        {
            await incoming.DisposeAsync();
        }

        await world.RemoveVmAsync(key);
    }

    /// <summary>The service's migration settings from the experiment, <paramref name="options"/> (one event's) over them, as QEMU takes them.</summary>
    private MigrationSettings Settings(string service, MigrationOptions? options)
    {
        var configured = world.Service(service).Migration ?? MigrationSpec.Default;
        var spec = options is null
            ? configured
            : new MigrationSpec(options.DowntimeLimitMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, options.MaxBandwidthMbps, options.MultifdChannels, options.Postcopy,
                options.XbzrleCacheBytes, options.AutoConverge).Over(configured);
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

    private QemuVm Running(string service, string dataCenter) =>
        world.Vm(VirtualMachineKey.Of(dataCenter, service)) ?? throw new InvalidOperationException($"{service} does not run in {dataCenter}");

    private static double? Between(DateTimeOffset? from, DateTimeOffset? to) => from is { } start && to is { } end ? (end - start).TotalMilliseconds : null;

    /// <summary>Milliseconds to the microsecond the results files keep.</summary>
    private static double? Ms(double? value) => value is { } ms ? Math.Round(ms, 3) : null;
}
