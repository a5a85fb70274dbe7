using Testbed.Mechanisms.Guests;
using Testbed.Network.Wan;
using Testbed.Qemu.Host;
using Testbed.Qemu.Migration;

namespace Testbed.Mechanisms.Mobility;

/// <summary>
/// A live migration across the WAN with the mechanism's part around it: prepared before, the
/// hook inside the pause, completed after resume. The destination host's bridge and the
/// guest's tap there are watched for the span of the migration, so the record says when the
/// stream's last byte arrived, when the path delivered and when the resumed guest first spoke.
/// </summary>
public static class MobileMigration
{
    /// <summary>How long to wait after RESUME for the guest's first frame: a guest nobody talks to may send none.</summary>
    public static readonly TimeSpan FirstFramePatience = TimeSpan.FromSeconds(1);

    public static async Task<MobileMigrationResult> RunAsync(
        IMobilityMechanism mechanism, WanNetwork wan, GuestSpec guest, QemuVm source, QemuVm destination, string from, string to,
        MigrationSettings settings, CancellationToken cancellationToken = default)
    {
        var buffers = Buffers(wan, from, to);
        var move = await mechanism.PrepareMoveAsync(guest, from, to, cancellationToken);
        var uri = WanGuest.MigrationUri(wan, to);
        using var stream = MigrationStreamWatch.Start(wan, to);
        using var tap = GuestTapWatch.Start(wan, guest, to);
        MigrationRecord record;
        try
        {
            record = await LiveMigration.RunAsync(source, destination, uri, uri, settings, move.Switchover, cancellationToken);
        }
        catch
        {
            await move.AbortAsync();
            throw;
        }

        await move.CompleteAsync(destination, cancellationToken);
        var resume = record.Timeline.DestinationResume!.Value;
        await tap.FirstFromGuestAfterAsync(resume, FirstFramePatience, cancellationToken);
        return new MobileMigrationResult(record, move, new MigrationObservation(stream.LastByteBefore(resume), tap.Split(record.Timeline), buffers));
    }

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
