using System.Diagnostics;
using System.Text.Json;
using Testbed.Lab.Processes;
using Testbed.Topology.Addressing;
using Testbed.Overlay.Counters;
using Testbed.Overlay.DataPlane;
using Testbed.Overlay.Table;

namespace Testbed.Overlay.Control;

/// <summary>
/// Carries out control requests on a running smart router: table updates under the epoch
/// rule, the VM's permanent neighbour entry where it becomes local, and the read-outs.
/// </summary>
public sealed class RouterController(SmartRouter router)
{
    public async Task<ControlResponse> HandleAsync(ControlRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return request.Op switch
            {
                ControlOps.Replace => await UpdatedAsync(router.Table.Replace(Need(request.Entry, "entry")), cancellationToken),
                ControlOps.AddReplica => await UpdatedAsync(
                    router.Table.AddReplica(Need(request.Service, "service"), Need(request.DataCenter, "data_center"), Need(request.Epoch, "epoch")), cancellationToken),
                ControlOps.DropReplica => await UpdatedAsync(
                    router.Table.DropReplica(Need(request.Service, "service"), Need(request.DataCenter, "data_center"), Need(request.Epoch, "epoch")), cancellationToken),
                ControlOps.Prepare => await PrepareAsync(Need(request.Entry, "entry"), cancellationToken),
                ControlOps.Commit => Committed(router.Table.Commit(Need(request.Service, "service"), Need(request.Epoch, "epoch"))),
                ControlOps.Abort => Settling(router.Table.Abort(Need(request.Service, "service"), Need(request.Epoch, "epoch"))),
                ControlOps.Table => new ControlResponse { Ok = true, Entries = router.Table.Entries },
                ControlOps.Load => await LoadAsync(Need(request.Entries, "entries"), cancellationToken),
                ControlOps.Counters => new ControlResponse { Ok = true, Counters = Report() },
                ControlOps.Peers => new ControlResponse { Ok = true, PeerRoundTripsMs = router.Latencies.Snapshot() },
                _ => new ControlResponse { Ok = false, Error = $"unknown op '{request.Op}'" },
            };
        }
        catch (ArgumentException e)
        {
            return new ControlResponse { Ok = false, Error = e.Message };
        }
        catch (Exception e) when (e is CommandFailedException or TimeoutException)
        {
            // The table changed; the kernel (a neighbour entry, the fast path's route) did not follow, and the caller must know.
            return new ControlResponse { Ok = false, Error = $"the router's kernel did not follow the table: {e.Message}" };
        }
    }

    private async Task<ControlResponse> PrepareAsync(LocationEntry entry, CancellationToken cancellationToken)
    {
        var update = router.Table.Prepare(entry);
        if (update.Outcome == UpdateOutcome.Applied && entry.IsHostedAt(router.Name) && entry.Mac is not null)
        {
            await KernelPlumbing.AddPermanentNeighbourAsync(router.Configuration, entry.Service, entry.Mac, cancellationToken);
        }

        // Before the pause: from here until the commit has settled, this router decides for every packet of the service.
        await SyncFastPathAsync(entry.Service, cancellationToken);
        return Updated(update);
    }

    /// <summary>
    /// A commit runs inside the migration's pause, so it answers as soon as the table
    /// changed: prepare already installed the neighbour entry where the VM arrives, and the
    /// stale one where it left goes afterwards, off the critical path.
    /// </summary>
    private ControlResponse Committed(TableUpdate update)
    {
        if (update is { Outcome: UpdateOutcome.Applied, Current: { } entry } && !entry.IsHostedAt(router.Name))
        {
            _ = Task.Run(() => KernelPlumbing.RemoveNeighbourAsync(router.Configuration, entry.Service, CancellationToken.None));
        }

        return Settling(update);
    }

    /// <summary>After a commit or an abort: the kernel takes the service back once the outcome has stood for a while, off the caller's path.</summary>
    private ControlResponse Settling(TableUpdate update)
    {
        if (update.Current is { } entry)
        {
            router.FastPath?.SyncAfterSettling(entry.Service, router.Table, router.Affinity);
        }

        return Updated(update);
    }

    private Task SyncFastPathAsync(string service, CancellationToken cancellationToken) =>
        router.FastPath?.SyncAsync(service, router.Table, router.Affinity, cancellationToken) ?? Task.CompletedTask;

    private async Task<ControlResponse> LoadAsync(IReadOnlyList<LocationEntry> entries, CancellationToken cancellationToken)
    {
        var refused = new List<string>();
        foreach (var entry in entries)
        {
            var response = await UpdatedAsync(router.Table.Replace(entry), cancellationToken);
            if (!response.Ok)
            {
                refused.Add(response.Error!);
            }
        }

        return refused.Count == 0
            ? new ControlResponse { Ok = true, Entries = router.Table.Entries }
            : new ControlResponse { Ok = false, Error = string.Join("; ", refused), Entries = router.Table.Entries };
    }

    /// <summary>After a change: the neighbour entry follows whether the VM is here.</summary>
    private async Task<ControlResponse> UpdatedAsync(TableUpdate update, CancellationToken cancellationToken)
    {
        if (update is { Outcome: UpdateOutcome.Applied, Current: { } entry })
        {
            if (entry.IsHostedAt(router.Name) && entry.Mac is not null)
            {
                await KernelPlumbing.AddPermanentNeighbourAsync(router.Configuration, entry.Service, entry.Mac, cancellationToken);
            }
            else if (!entry.IsHostedAt(router.Name))
            {
                await KernelPlumbing.RemoveNeighbourAsync(router.Configuration, entry.Service, cancellationToken);
            }

            await SyncFastPathAsync(entry.Service, cancellationToken);
        }

        return Updated(update);
    }

    private static ControlResponse Updated(TableUpdate update) => new()
    {
        Ok = update.Accepted,
        Error = update.Accepted ? null : update.Reason,
        Outcome = JsonNamingPolicy.KebabCaseLower.ConvertName(update.Outcome.ToString()),
        Entry = update.Current,
    };

    private CounterReport Report()
    {
        var now = Stopwatch.GetTimestamp();
        var totals = new Dictionary<string, long>(router.Counters.Totals(), StringComparer.Ordinal);
        if (router.FastPath is { } fastPath)
        {
            (totals["kernel_tunnelled"], totals["kernel_tunnelled_bytes"], totals["kernel_from_tunnel"]) = fastPath.Counters();
        }

        return new CounterReport(
            totals,
            [.. router.Counters.Services().Select(s => new ServiceCounterRow(s.Key, s.Value.Packets, s.Value.Bytes, s.Value.DeliveredLocally, s.Value.Tunnelled, s.Value.Drops))],
            [.. router.Affinity.Snapshot().Select(f => new FlowCounterRow(
                Ipv4.FromNumber(f.Key.Source).ToString(), f.Key.SourcePort, Ipv4.FromNumber(f.Key.Destination).ToString(), f.Key.DestinationPort, f.Key.Protocol,
                f.Value.DataCenter, f.Value.Packets, f.Value.Bytes, Stopwatch.GetElapsedTime(f.Value.LastSeenTicks, now).TotalMilliseconds))]);
    }

    private static T Need<T>(T? value, string field) where T : class =>
        value ?? throw new ArgumentException($"'{field}' is missing");

    private static long Need(long? value, string field) =>
        value ?? throw new ArgumentException($"'{field}' is missing");
}
