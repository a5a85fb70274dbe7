using Testbed.Lab.Processes;
using Testbed.Mechanisms.Guests;
using Testbed.Mechanisms.Mobility;
using Testbed.Qemu.Host;
using Testbed.Topology.Routing;

namespace Testbed.Mechanisms.Tests.Guests;

/// <summary>
/// A real mechanism whose switch-over, once every router has committed, kills the
/// destination's QEMU (SIGKILL) before the migration goes on: the crash that leaves routers
/// pointing at a copy that will never resume.
/// </summary>
internal sealed class KillingAfterCommit(IMobilityMechanism inner, QemuVm destination) : IMobilityMechanism
{
    public MechanismKind Kind => inner.Kind;

    public ServiceDirectory Directory => inner.Directory;

    public GuestAddressing AddressingAt(GuestSpec guest, string dataCenter) => inner.AddressingAt(guest, dataCenter);

    public Task PlaceAsync(GuestSpec guest, string dataCenter, CancellationToken cancellationToken = default) => inner.PlaceAsync(guest, dataCenter, cancellationToken);

    public async Task<PreparedMove> PrepareMoveAsync(GuestSpec guest, string source, string destinationDataCenter, CancellationToken cancellationToken = default) =>
        new Move(await inner.PrepareMoveAsync(guest, source, destinationDataCenter, cancellationToken), destination);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Move(PreparedMove inner, QemuVm destination) : PreparedMove
    {
        public override Func<CancellationToken, Task> Switchover => async cancellationToken =>
        {
            await inner.Switchover!(cancellationToken);
            Signals.KillNow(destination.Process.Identity!);
            await destination.Process.WaitForExitAsync(cancellationToken);
        };

        public override Task CompleteAsync(QemuVm? resumed, CancellationToken cancellationToken = default) => inner.CompleteAsync(resumed, cancellationToken);

        public override Task AbortAsync() => inner.AbortAsync();
    }
}
