using Testbed.Mechanisms.Guests;
using Testbed.Network.Wan;
using Testbed.Qemu.Host;
using Testbed.Qemu.Migration;
using Testbed.Qemu.Qmp;
using Testbed.Topology.Routing;
using Testbed.Workload.Records;

namespace Testbed.Mechanisms.Mobility;

/// <summary>
/// A live migration across the WAN with the mechanism's part around it: prepared before, the
/// hook inside the pause, completed after resume. The destination host's bridge and the
/// guest's tap there are watched for the span of the migration, so the record says when the
/// stream's last byte arrived, when the path delivered and when the resumed guest first spoke.
/// </summary>
public static class MobileMigration
{
    /// <summary>How long to wait after RESUME for the guest's first frame and for the network's first to it: a guest nobody talks to may see and send none.</summary>
    public static readonly TimeSpan FirstFramePatience = TimeSpan.FromSeconds(1);

    public static async Task<MobileMigrationResult> RunAsync(
        IMobilityMechanism mechanism, WanNetwork wan, GuestSpec guest, QemuVm source, QemuVm destination, string from, string to,
        MigrationSettings settings, CancellationToken cancellationToken = default)
    {
        await using var incoming = new IncomingQemu(destination);
        return await RunAsync(mechanism, wan, guest, source, incoming, destination, from, to, settings, cancellationToken);
    }

    /// <summary>
    /// As the other overload, to a destination that may be on another lab machine
    /// (<paramref name="destinationVm"/> null): that machine opens its own firewall when its
    /// destination listens, and its bridge and tap are not watched from here, so the
    /// observation has only the buffers.
    /// </summary>
    public static async Task<MobileMigrationResult> RunAsync(
        IMobilityMechanism mechanism, WanNetwork wan, GuestSpec guest, QemuVm source, IMigrationDestination destination, QemuVm? destinationVm,
        string from, string to, MigrationSettings settings, CancellationToken cancellationToken = default)
    {
        var buffers = Buffers(wan, from, to);
        var move = await mechanism.PrepareMoveAsync(guest, from, to, cancellationToken);
        var here = wan.HasNode(WanNetwork.HostName(to, 0));
        var uri = here ? await WanGuest.MigrationListenerAsync(wan, to, from, cancellationToken) : WanGuest.MigrationUri(wan, to);
        using var stream = here ? MigrationStreamWatch.Start(wan, to) : null;
        using var tap = here ? GuestTapWatch.Start(wan, guest, to) : null;
        MigrationRecord record;
        try
        {
            record = await LiveMigration.RunAsync(source, destination, uri, uri, settings, move.Switchover, cancellationToken);
        }
        catch (MigrationFailedException failed)
        {
            throw new MigrationFailedException(failed.Record with { Error = await RollBackAsync(move, failed.Record.Error) });
        }
        catch (Exception e)
        {
            // Before QEMU started to migrate (setting it up failed): the source never paused.
            throw new MigrationFailedException(NotStarted(await RollBackAsync(move, e.Message), cancellationToken.IsCancellationRequested));
        }

        try
        {
            await move.CompleteAsync(destinationVm, cancellationToken);
        }
        catch (Exception e)
        {
            // The destination runs, but users cannot reach it there: the source, paused with
            // the whole state, takes over again, and the network goes back to it.
            await LiveMigration.ResumeSourceAsync(source);
            var outcome = cancellationToken.IsCancellationRequested ? MigrationOutcome.Cancelled : MigrationOutcome.Failed;
            throw new MigrationFailedException(record with
            {
                Outcome = outcome,
                Error = await RollBackAsync(move, $"the destination resumed, but the {mechanism.Kind.Name()} mechanism could not follow it: {e.Message}"),
            });
        }

        var resume = record.Timeline.DestinationResume!.Value;

        // Only an observation: bounded by its own patience, and not worth failing a migration that
        // completed. Both ends of the convergence are waited for: the guest may speak first (a
        // frame it had queued), before the network has delivered it anything.
        if (tap is null || stream is null)
        {
            return new MobileMigrationResult(record, move, MigrationObservation.None with { Buffers = buffers });
        }

        await Task.WhenAll(
            tap.FirstFromGuestAfterAsync(resume, FirstFramePatience, CancellationToken.None),
            tap.FirstToGuestAfterAsync(record.Timeline.SourceStop ?? resume, FirstFramePatience, CancellationToken.None));
        return new MobileMigrationResult(record, move, new MigrationObservation(stream.LastByteBefore(resume), tap.Split(record.Timeline), buffers));
    }

    /// <summary>Undoes the mechanism's part; what could not be undone is added to <paramref name="error"/>, which is returned.</summary>
    private static async Task<string?> RollBackAsync(PreparedMove move, string? error)
    {
        try
        {
            await move.AbortAsync();
            return error;
        }
        catch (Exception e)
        {
            return $"{error}; and the network's rollback failed: {e.Message}";
        }
    }

    private static MigrationRecord NotStarted(string? error, bool cancelled) =>
        new(cancelled ? MigrationOutcome.Cancelled : MigrationOutcome.Failed, MigrationInfo.None,
            new MigrationTimeline { Started = DateTimeOffset.UtcNow }, error);

    /// <summary>The hosts' buffers as the network was built (the unsent limit is the testbed's own), and the queue of the path's slowest shaped link.</summary>
    private static MigrationBuffers Buffers(WanNetwork wan, string from, string to)
    {
        var slowest = wan.Routes.Paths.Links(from, to)
            .Select(link => wan.Topology.Links[link].Properties)
            .Where(p => p.BandwidthMbps is not null)
            .MinBy(p => p.BandwidthMbps);
        var (send, receive) = wan.HostTcpBufferMaxima;
        return new MigrationBuffers(send, WanNetwork.HostUnsentLimitBytes, receive, slowest?.QueuePackets);
    }
}
