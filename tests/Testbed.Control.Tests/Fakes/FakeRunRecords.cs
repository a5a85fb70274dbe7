using System.Collections.Concurrent;
using Testbed.Results.Files;
using Testbed.Results.Records;

namespace Testbed.Control.Tests.Fakes;

/// <summary>The run's records kept in memory, with a clock the test moves.</summary>
internal sealed class FakeRunRecords : IRunRecords
{
    public ConcurrentQueue<string> Events { get; } = new();

    /// <summary>Every event with what it said, in order.</summary>
    public ConcurrentQueue<(string Kind, object? Details)> EventDetails { get; } = new();

    /// <summary>Each phase the run entered, in order.</summary>
    public ConcurrentQueue<string> Phases { get; } = new();

    public ConcurrentQueue<PathRow> Paths { get; } = new();

    public ConcurrentQueue<RequestRow> Requests { get; } = new();

    public ConcurrentQueue<ProbeRow> Probes { get; } = new();

    public ConcurrentQueue<BrokenConnectionRow> BrokenConnections { get; } = new();

    public ConcurrentQueue<MigrationRow> Migrations { get; } = new();

    public ConcurrentQueue<HandoverRow> Handovers { get; } = new();

    public ConcurrentQueue<TrackRow> Tracks { get; } = new();

    public ConcurrentQueue<MapRow> Map { get; } = new();

    public ConcurrentQueue<ReplicationRow> Replications { get; } = new();

    public ConcurrentQueue<GuestCalibrationRow> GuestCalibrations { get; } = new();

    public ConcurrentQueue<RunFault> Faults { get; } = new();

    public double Clock { get; set; }

    /// <summary>The instant <see cref="SecondsAt"/> counts from, set whether or not the run started its clock.</summary>
    public DateTimeOffset Origin { get; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? Zero { get; private set; }

    public void StartClock(DateTimeOffset zero) => Zero ??= zero;

    public double Now() => Clock;

    public double SecondsAt(DateTimeOffset instant) => (instant - Origin).TotalSeconds;

    public double? RecentMedianMs(string group, TimeSpan window) => null;

    public void Request(RequestRow row) => Requests.Enqueue(row);

    public void Probe(ProbeRow row) => Probes.Enqueue(row);

    public void Broken(BrokenConnectionRow row) => BrokenConnections.Enqueue(row);

    public void Fault(RunFault fault) => Faults.Enqueue(fault);

    /// <summary>How many times the run asked for its rows to be put on disk.</summary>
    public int Checkpoints { get; private set; }

    public void Checkpoint() => Checkpoints++;

    public void Event(string kind, object? details = null)
    {
        Events.Enqueue(kind);
        EventDetails.Enqueue((kind, details));
        if (kind == "phase" && details?.GetType().GetProperty("Phase")?.GetValue(details) is string phase)
        {
            Phases.Enqueue(phase);
        }
    }

    public void ConfiguredPath(PathRow row) => Paths.Enqueue(row);

    public void Migration(MigrationRow row) => Migrations.Enqueue(row);

    public void Handover(HandoverRow row) => Handovers.Enqueue(row);

    public void Track(TrackRow row) => Tracks.Enqueue(row);

    public void MapFeature(MapRow row) => Map.Enqueue(row);

    public void Replication(ReplicationRow row) => Replications.Enqueue(row);

    public void GuestCalibration(GuestCalibrationRow row) => GuestCalibrations.Enqueue(row);
}
