using System.Diagnostics.CodeAnalysis;
using Testbed.Results.Records;

namespace Testbed.Results.Files;

/// <summary>What the grains record of a run: rows, events and the run's clock. <see cref="RunRecorder"/> writes them; tests read a fake's.</summary>
public interface IRunRecords
{
    /// <summary>The wall-clock instant of t = 0; null until the clock starts.</summary>
    DateTimeOffset? Zero { get; }

    /// <summary>Sets t = 0 (once; later calls keep the first).</summary>
    void StartClock(DateTimeOffset zero);

    /// <summary>Seconds on the run's clock now; 0 before the clock starts.</summary>
    double Now();

    /// <summary>Seconds on the run's clock at <paramref name="instant"/>; 0 before the clock starts.</summary>
    double SecondsAt(DateTimeOffset instant);

    /// <summary>The median latency of the group's successful requests due in the last <paramref name="window"/>; null without any.</summary>
    double? RecentMedianMs(string group, TimeSpan window);

    /// <summary>One line of events.jsonl.</summary>
    [SuppressMessage("Naming", "CA1716", Justification = "An event of the run is what events.jsonl holds; no Visual Basic code calls this.")]
    void Event(string kind, object? details = null);

    void Request(RequestRow row);

    void Probe(ProbeRow row);

    void Broken(BrokenConnectionRow row);

    /// <summary>A user changed site (handovers.csv).</summary>
    void Handover(HandoverRow row);

    /// <summary>A point of a mobile group's planned track (tracks.csv), recorded before the timeline starts.</summary>
    void Track(TrackRow row);

    /// <summary>A node or link of the WAN on the map (map.csv), recorded before the network is built.</summary>
    void MapFeature(MapRow row);

    void Migration(MigrationRow row);

    void Replication(ReplicationRow row);

    void GuestCalibration(GuestCalibrationRow row);

    /// <summary>Puts every row so far on the disk itself (fsync): called at each phase boundary.</summary>
    void Checkpoint();

    /// <summary>An unscripted failure: a "fault" event, and a line of the summary's faults.</summary>
    void Fault(RunFault fault);

    /// <summary>What one user site's requests should take to one data center, set before the timeline.</summary>
    void ConfiguredPath(PathRow row);
}
