using Testbed.Mechanisms.Guests;
using Testbed.Network.Wan;
using Testbed.Qemu.Host;
using Testbed.Qemu.Migration;

namespace Testbed.Mechanisms.Mobility;

/// <summary>A live migration across the WAN with the mechanism's part around it: prepared before, the hook inside the pause, completed after resume.</summary>
public static class MobileMigration
{
    public static async Task<(MigrationRecord Record, PreparedMove Move)> RunAsync(
        IMobilityMechanism mechanism, WanNetwork wan, GuestSpec guest, QemuVm source, QemuVm destination, string from, string to,
        MigrationSettings settings, CancellationToken cancellationToken = default)
    {
        var move = await mechanism.PrepareMoveAsync(guest, from, to, cancellationToken);
        var uri = WanGuest.MigrationUri(wan, to);
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
        return (record, move);
    }
}
