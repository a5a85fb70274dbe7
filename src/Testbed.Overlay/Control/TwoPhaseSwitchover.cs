using System.Collections.Concurrent;
using Testbed.Overlay.Table;

namespace Testbed.Overlay.Control;

/// <summary>
/// Moves a service to a new location on every smart router at once. Prepare goes out
/// before the migration's pause (every router checks the epoch; the destination installs
/// the VM's neighbour entry), so that inside the pause only the commit remains: one short
/// message per router, sent in parallel, all acknowledged before the VM resumes.
/// </summary>
public sealed class TwoPhaseSwitchover
{
    private readonly IReadOnlyList<RouterControlClient> _routers;

    private TwoPhaseSwitchover(IReadOnlyList<RouterControlClient> routers, LocationEntry entry, SwitchoverTimes times)
    {
        _routers = routers;
        Entry = entry;
        Times = times;
    }

    public LocationEntry Entry { get; }

    public SwitchoverTimes Times { get; private set; }

    /// <summary>Prepares <paramref name="entry"/> on every router; if any refuses, the others are aborted and this throws.</summary>
    public static async Task<TwoPhaseSwitchover> PrepareAsync(IReadOnlyList<RouterControlClient> routers, LocationEntry entry, CancellationToken cancellationToken = default)
    {
        var times = new SwitchoverTimes { PrepareStarted = DateTimeOffset.UtcNow };
        var switchover = new TwoPhaseSwitchover(routers, entry, times);
        try
        {
            await Task.WhenAll(routers.Select(r => r.PrepareAsync(entry, cancellationToken)));
        }
        catch
        {
            await switchover.AbortAsync();
            throw;
        }

        switchover.Times = times with { Prepared = DateTimeOffset.UtcNow };
        return switchover;
    }

    /// <summary>Commits on every router and returns once all acknowledged: the migration's switch-over hook.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        var acknowledged = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await Task.WhenAll(_routers.Select(async r =>
        {
            await r.CommitAsync(Entry.Service, Entry.Epoch, cancellationToken);
            acknowledged[r.Router] = DateTimeOffset.UtcNow;
        }));
        Times = Times with { CommitStarted = started, Committed = DateTimeOffset.UtcNow, CommitAcknowledged = acknowledged };
    }

    /// <summary>Forgets the prepared entry everywhere (the migration failed); a router that never prepared it just says so.</summary>
    public async Task AbortAsync()
    {
        await Task.WhenAll(_routers.Select(r => r.AbortAsync(Entry.Service, Entry.Epoch, CancellationToken.None)));
    }
}
