namespace Testbed.Qemu.Migration;

/// <summary>
/// The receiving end of a live migration: a QEMU started to wait for a stream. On the
/// source's machine it is the QEMU itself (<see cref="IncomingQemu"/>); on another lab
/// machine, whatever reaches the one there.
/// </summary>
public interface IMigrationDestination : IAsyncDisposable
{
    /// <summary>
    /// Sets the stream's format (<paramref name="capabilities"/>, the multifd channels) and
    /// listens on <paramref name="listenUri"/>; from here its RESUME is watched.
    /// </summary>
    Task ListenAsync(IReadOnlyDictionary<string, bool> capabilities, int? multifdChannels, string listenUri, CancellationToken cancellationToken);

    /// <summary>When it resumed, on the clock of the machine that asks, once the source has sent everything; or why it will not.</summary>
    Task<(DateTimeOffset? At, string? Error)> ResumedAsync();
}
