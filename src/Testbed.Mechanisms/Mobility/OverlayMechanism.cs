using Testbed.Lab.Runs;
using Testbed.Mechanisms.Guests;
using Testbed.Mechanisms.Mobility;
using Testbed.Network.Wan;
using Testbed.Overlay.Control;
using Testbed.Overlay.Table;
using Testbed.Topology.Routing;

namespace Testbed.Mechanisms.Mobility;

/// <summary>
/// The smart routers, with users entering at the nearest one (<see cref="MechanismKind.Overlay"/>)
/// or always at the home data center's (<see cref="MechanismKind.HomeTunnel"/>). Either way
/// the VM keeps its address, and a migration switches the location table inside the pause.
/// </summary>
public sealed class OverlayMechanism : IMobilityMechanism
{
    private readonly WanNetwork _wan;
    private readonly Dictionary<string, LocationEntry> _entries = new(StringComparer.Ordinal);

    private OverlayMechanism(MechanismKind kind, WanNetwork wan, OverlayRouters routers, ServiceDirectory directory)
    {
        Kind = kind;
        _wan = wan;
        Routers = routers;
        Directory = directory;
    }

    public MechanismKind Kind { get; }

    public ServiceDirectory Directory { get; }

    public OverlayRouters Routers { get; }

    OverlayRouters? IMobilityMechanism.SmartRouters => Routers;

    /// <param name="home">With <see cref="MechanismKind.HomeTunnel"/>, the one data center users enter at.</param>
    public static async Task<OverlayMechanism> StartAsync(
        MechanismKind kind, RunDirectory run, WanNetwork wan, string home, ServiceDirectory directory, Func<string, RouterControlClient>? remote = null,
        CancellationToken cancellationToken = default)
    {
        if (kind is not (MechanismKind.Overlay or MechanismKind.HomeTunnel))
        {
            throw new ArgumentException($"{kind.Name()} is not a smart-router mechanism", nameof(kind));
        }

        var routers = await OverlayRouters.StartAsync(run, wan, kind == MechanismKind.HomeTunnel ? home : null, remote: remote, cancellationToken: cancellationToken);
        await WarmUpSwitchoverAsync(cancellationToken);
        return new OverlayMechanism(kind, wan, routers, directory);
    }

    /// <summary>
    /// A switch-over over no routers, prepared and committed: the code the first migration
    /// runs inside its pause is compiled now instead (tiered compilation is off), which took
    /// some 15 ms of that pause here. The routers warm their own side when they start.
    /// </summary>
    private static async Task WarmUpSwitchoverAsync(CancellationToken cancellationToken)
    {
        var scratch = await TwoPhaseSwitchover.PrepareAsync([], new LocationEntry("192.0.2.1", 1, ["scratch"]), cancellationToken);
        await new OverlayMove(scratch, () => { }, () => Task.CompletedTask).Switchover(cancellationToken);
    }

    public GuestAddressing AddressingAt(GuestSpec guest, string dataCenter) => WanGuest.ServiceAddressing(_wan, guest);

    /// <summary>
    /// Where the service is now. The routers' tables are the truth: in a run over several lab
    /// machines each host has its own mechanism, and the last change may have been another
    /// host's, so the entry is read from a router here (that of <paramref name="dataCenter"/>,
    /// or any local one) before it is changed. On one machine, this mechanism made every change.
    /// </summary>
    private async Task<LocationEntry?> EntryAsync(string service, string? dataCenter, CancellationToken cancellationToken)
    {
        var clients = Routers.Clients;
        if (clients.All(c => !c.IsRelayed))
        {
            return _entries.GetValueOrDefault(service);
        }

        var router = dataCenter is not null && !Routers.Client(dataCenter).IsRelayed ? Routers.Client(dataCenter) : clients.First(c => !c.IsRelayed);
        var held = (await router.TableAsync(cancellationToken)).FirstOrDefault(e => e.Service == service);
        if (held is not null && (!_entries.TryGetValue(service, out var known) || held.Epoch >= known.Epoch))
        {
            _entries[service] = held;
        }

        return _entries.GetValueOrDefault(service);
    }

    public async Task PlaceAsync(GuestSpec guest, string dataCenter, CancellationToken cancellationToken = default)
    {
        var service = guest.Address.ToString();
        var entry = await EntryAsync(service, dataCenter, cancellationToken) is { } current
            ? current with { Epoch = current.Epoch + 1, DataCenters = [dataCenter] }
            : new LocationEntry(service, 1, [dataCenter], guest.Mac);
        foreach (var router in Routers.Clients)
        {
            await router.ReplaceAsync(entry, cancellationToken);
        }

        _entries[service] = entry;
        Directory.Publish(guest.Name, guest.Address);
    }

    public async Task<PreparedMove> PrepareMoveAsync(GuestSpec guest, string source, string destination, CancellationToken cancellationToken = default)
    {
        var service = guest.Address.ToString();
        var current = await EntryAsync(service, source, cancellationToken) is { } entry && entry.DataCenters.Contains(source)
            ? entry
            : throw new InvalidOperationException($"{guest.Name} is not placed in {source}");
        // Other replicas stay where they are; only the moving copy's data center changes.
        var next = current with { Epoch = current.Epoch + 1, DataCenters = [.. current.DataCenters.Select(d => d == source ? destination : d).Distinct()] };
        var switchover = await TwoPhaseSwitchover.PrepareAsync(Routers.Clients, next, cancellationToken);
        _entries[service] = next;
        return new OverlayMove(switchover, () => _entries[service] = current, () => RestoreAsync(current with { Epoch = next.Epoch + 1 }));
    }

    /// <summary>
    /// Gives every router <paramref name="entry"/>, each on its own, so that one dead router
    /// does not keep the others pointing at a copy that does not run; throws, naming them,
    /// when some could not take it.
    /// </summary>
    private async Task RestoreAsync(LocationEntry entry)
    {
        _entries[entry.Service] = entry;
        var failures = new List<string>();
        await Task.WhenAll(Routers.Clients.Select(async router =>
        {
            try
            {
                await router.ReplaceAsync(entry, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or RouterRefusedException or System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                lock (failures)
                {
                    failures.Add($"{router.Router}: {e.Message}");
                }
            }
        }));
        if (failures.Count > 0)
        {
            throw new IOException($"routers not moved back to {string.Join(", ", entry.DataCenters)}: {string.Join("; ", failures.Order(StringComparer.Ordinal))}");
        }
    }

    public bool SupportsReplicas => true;

    public async Task AddReplicaAsync(GuestSpec guest, string dataCenter, CancellationToken cancellationToken = default)
    {
        var service = guest.Address.ToString();
        var current = await EntryAsync(service, null, cancellationToken) ?? throw new InvalidOperationException($"{guest.Name} is not placed anywhere");
        var next = current with { Epoch = current.Epoch + 1, DataCenters = [.. current.DataCenters.Where(d => d != dataCenter), dataCenter] };
        foreach (var router in Routers.Clients)
        {
            await router.AddReplicaAsync(service, dataCenter, next.Epoch, cancellationToken);
        }

        _entries[service] = next;
    }

    public async Task DropReplicaAsync(GuestSpec guest, string dataCenter, CancellationToken cancellationToken = default)
    {
        var service = guest.Address.ToString();
        var current = await EntryAsync(service, dataCenter, cancellationToken) is { } entry && entry.DataCenters.Contains(dataCenter)
            ? entry
            : throw new InvalidOperationException($"{guest.Name} has no copy in {dataCenter}");
        if (current.DataCenters.Count == 1)
        {
            throw new InvalidOperationException($"{dataCenter} holds the only copy of {guest.Name}");
        }

        var next = current with { Epoch = current.Epoch + 1, DataCenters = [.. current.DataCenters.Where(d => d != dataCenter)] };
        foreach (var router in Routers.Clients)
        {
            await router.DropReplicaAsync(service, dataCenter, next.Epoch, cancellationToken);
        }

        _entries[service] = next;
    }

    public ValueTask DisposeAsync() => Routers.DisposeAsync();
}
