using System.Globalization;
using Testbed.Lab.Linux;
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
        var buffers = await BuffersAsync(wan, from, to, cancellationToken);
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

    private static async Task<MigrationBuffers> BuffersAsync(WanNetwork wan, string from, string to, CancellationToken cancellationToken)
    {
        var sourceHost = wan.Node(WanNetwork.HostName(from, 0)).Namespace;
        var send = LargestTcpBuffer(await NamespaceSysctl.ReadAsync(sourceHost, "net/ipv4/tcp_wmem", cancellationToken));
        var unsent = long.TryParse(await NamespaceSysctl.ReadAsync(sourceHost, "net/ipv4/tcp_notsent_lowat", cancellationToken), NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
            ? limit
            : (long?)null;
        var receive = LargestTcpBuffer(await NamespaceSysctl.ReadAsync(wan.Node(WanNetwork.HostName(to, 0)).Namespace, "net/ipv4/tcp_rmem", cancellationToken));
        var nodes = wan.Routes.Paths.Nodes(from, to);
        var slowest = nodes.Zip(nodes.Skip(1))
            .Select(hop => wan.Topology.Links.First(l => l.Joins(hop.First) && l.Joins(hop.Second)).Properties)
            .Where(p => p.BandwidthMbps is not null)
            .MinBy(p => p.BandwidthMbps);
        return new MigrationBuffers(send, unsent, receive, slowest?.QueuePackets);
    }

    /// <summary>The third field of tcp_wmem or tcp_rmem: the most the kernel grows a socket's buffer to.</summary>
    private static long? LargestTcpBuffer(string sysctl)
    {
        var fields = sysctl.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 3 && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : null;
    }
}
