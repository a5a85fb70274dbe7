using System.Collections.Concurrent;
using Testbed.Results.Files;
using Testbed.Results.Records;

namespace Testbed.Control.Tests.Fakes;

/// <summary>The run's records kept in memory, with a clock the test moves.</summary>
internal sealed class FakeRunRecords : IRunRecords
{
    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentQueue<RequestRow> Requests { get; } = new();

    public ConcurrentQueue<ProbeRow> Probes { get; } = new();

    public ConcurrentQueue<BrokenConnectionRow> BrokenConnections { get; } = new();

    public ConcurrentQueue<MigrationRow> Migrations { get; } = new();

    public ConcurrentQueue<ReplicationRow> Replications { get; } = new();

    public ConcurrentQueue<GuestCalibrationRow> GuestCalibrations { get; } = new();

    public double Clock { get; set; }

    /// <summary>The instant of t = 0.</summary>
    public DateTimeOffset Zero { get; } = DateTimeOffset.UtcNow;

    public double Now() => Clock;

    public double SecondsAt(DateTimeOffset instant) => (instant - Zero).TotalSeconds;

    public double? RecentMedianMs(string group, TimeSpan window) => null;

    public void Request(RequestRow row) => Requests.Enqueue(row);

    public void Probe(ProbeRow row) => Probes.Enqueue(row);

    public void Broken(BrokenConnectionRow row) => BrokenConnections.Enqueue(row);

    public void Event(string kind, object? details = null) => Events.Enqueue(kind);

    public void Migration(MigrationRow row) => Migrations.Enqueue(row);

    public void Replication(ReplicationRow row) => Replications.Enqueue(row);

    public void GuestCalibration(GuestCalibrationRow row) => GuestCalibrations.Enqueue(row);
}
