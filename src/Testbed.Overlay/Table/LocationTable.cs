using System.Net;
using System.Net.Sockets;
using Testbed.Topology.Addressing;

namespace Testbed.Overlay.Table;

/// <summary>
/// A smart router's map from service address to the data centers hosting it. Updates are
/// ordered by epoch, per service: an update older than what the table holds is refused,
/// and the same update twice changes nothing. A switch-over is two-phase: every router
/// first prepares the new entry (and refuses it if it is stale), then commits it. The data
/// path reads a snapshot without locking; updates, which are rare, copy it.
/// </summary>
public sealed class LocationTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LocationEntry> _prepared = new(StringComparer.Ordinal);
    private Dictionary<uint, LocationEntry> _entries = [];

    public IReadOnlyList<LocationEntry> Entries => [.. Volatile.Read(ref _entries).Values.OrderBy(e => Ipv4.ToNumber(IPAddress.Parse(e.Service)))];

    public LocationEntry? Lookup(uint address) => Volatile.Read(ref _entries).GetValueOrDefault(address);

    public LocationEntry? Lookup(string service) => Lookup(Key(service));

    /// <summary>Whether a switch-over of the service is prepared and not yet committed or aborted.</summary>
    public bool IsPrepared(string service)
    {
        lock (_lock)
        {
            return _prepared.ContainsKey(service);
        }
    }

    public TableUpdate Replace(LocationEntry entry)
    {
        Check(entry);
        lock (_lock)
        {
            return ApplyLocked(entry);
        }
    }

    public TableUpdate AddReplica(string service, string dataCenter, long epoch)
    {
        lock (_lock)
        {
            var current = Lookup(Key(service));
            var sites = current?.DataCenters ?? [];
            var entry = new LocationEntry(service, epoch, sites.Contains(dataCenter, StringComparer.Ordinal) ? sites : [.. sites, dataCenter], current?.Mac);
            Check(entry);
            return ApplyLocked(entry);
        }
    }

    public TableUpdate DropReplica(string service, string dataCenter, long epoch)
    {
        lock (_lock)
        {
            var current = Lookup(Key(service));
            if (current is null)
            {
                return new TableUpdate(UpdateOutcome.Stale, null, $"{service} has no entry here");
            }

            var remaining = current.DataCenters.Where(d => d != dataCenter).ToList();
            if (remaining.Count == 0 && epoch > current.Epoch)
            {
                throw new ArgumentException($"dropping {dataCenter} would leave {service} with no replica");
            }

            return ApplyLocked(current with { Epoch = epoch, DataCenters = remaining });
        }
    }

    /// <summary>Phase one: checks that the entry is newer than the table, and holds it until commit.</summary>
    public TableUpdate Prepare(LocationEntry entry)
    {
        Check(entry);
        lock (_lock)
        {
            var current = Lookup(Key(entry.Service));
            if (current is not null && entry.Epoch <= current.Epoch)
            {
                return entry.Epoch == current.Epoch && entry.SameLocation(current)
                    ? new TableUpdate(UpdateOutcome.Repeated, current)
                    : new TableUpdate(UpdateOutcome.Stale, current, $"epoch {entry.Epoch} is not newer than {current.Epoch}");
            }

            if (_prepared.TryGetValue(entry.Service, out var pending) && pending.Epoch > entry.Epoch)
            {
                return new TableUpdate(UpdateOutcome.Stale, current, $"epoch {pending.Epoch} is already prepared");
            }

            _prepared[entry.Service] = entry;
            return new TableUpdate(UpdateOutcome.Applied, current);
        }
    }

    /// <summary>Phase two: makes the prepared entry of that epoch current.</summary>
    public TableUpdate Commit(string service, long epoch)
    {
        lock (_lock)
        {
            var current = Lookup(Key(service));
            if (!_prepared.TryGetValue(service, out var pending) || pending.Epoch != epoch)
            {
                return current is not null && current.Epoch == epoch
                    ? new TableUpdate(UpdateOutcome.Repeated, current)
                    : new TableUpdate(UpdateOutcome.NotPrepared, current, $"nothing prepared for {service} at epoch {epoch}");
            }

            _prepared.Remove(service);
            return ApplyLocked(pending);
        }
    }

    /// <summary>Forgets a prepared entry (the migration failed): the table stays as it was.</summary>
    public TableUpdate Abort(string service, long epoch)
    {
        lock (_lock)
        {
            var current = Lookup(Key(service));
            return _prepared.TryGetValue(service, out var pending) && pending.Epoch == epoch && _prepared.Remove(service)
                ? new TableUpdate(UpdateOutcome.Applied, current)
                : new TableUpdate(UpdateOutcome.NotPrepared, current, $"nothing prepared for {service} at epoch {epoch}");
        }
    }

    private TableUpdate ApplyLocked(LocationEntry entry)
    {
        var key = Key(entry.Service);
        var current = Lookup(key);
        if (current is not null && entry.Epoch <= current.Epoch)
        {
            return entry.Epoch == current.Epoch && entry.SameLocation(current)
                ? new TableUpdate(UpdateOutcome.Repeated, current)
                : new TableUpdate(UpdateOutcome.Stale, current, $"epoch {entry.Epoch} is not newer than {current.Epoch}");
        }

        var next = new Dictionary<uint, LocationEntry>(Volatile.Read(ref _entries)) { [key] = entry };
        Volatile.Write(ref _entries, next);
        if (_prepared.TryGetValue(entry.Service, out var pending) && pending.Epoch <= entry.Epoch)
        {
            _prepared.Remove(entry.Service);
        }

        return new TableUpdate(UpdateOutcome.Applied, entry);
    }

    private static void Check(LocationEntry entry)
    {
        _ = Key(entry.Service);
        if (entry.DataCenters.Count == 0)
        {
            throw new ArgumentException($"an entry for {entry.Service} needs at least one data center");
        }

        if (entry.Epoch < 0)
        {
            throw new ArgumentException($"epoch {entry.Epoch} is negative");
        }
    }

    private static uint Key(string service) =>
        IPAddress.TryParse(service, out var address) && address.AddressFamily == AddressFamily.InterNetwork
            ? Ipv4.ToNumber(address)
            : throw new ArgumentException($"'{service}' is not an IPv4 address");
}
