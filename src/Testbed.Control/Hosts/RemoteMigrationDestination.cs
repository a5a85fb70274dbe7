using Testbed.Control.Cluster;
using Testbed.Control.Contracts.Grains;
using Testbed.Qemu.Migration;

namespace Testbed.Control.Hosts;

/// <summary>
/// The incoming QEMU of a migration to another lab machine, reached through its grain there:
/// it listens and reports its RESUME on that machine, and the time comes back on the
/// coordinator's clock, which this host's measured offset puts on its own.
/// </summary>
internal sealed class RemoteMigrationDestination(IVirtualMachineGrain destination, string source, RunClockOffset here) : IMigrationDestination
{
    public Task ListenAsync(IReadOnlyDictionary<string, bool> capabilities, int? multifdChannels, string listenUri, CancellationToken cancellationToken) =>
        destination.ListenForMigrationAsync(source, capabilities, multifdChannels, listenUri).WaitAsync(cancellationToken);

    public async Task<(DateTimeOffset? At, string? Error)> ResumedAsync()
    {
        var resume = await destination.WaitForResumeAsync();
        return resume.CoordinatorUtcTicks is { } ticks
            ? (here.FromCoordinator(new DateTimeOffset(ticks, TimeSpan.Zero)), null)
            : (null, resume.Error ?? "the destination on the other host did not resume");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
