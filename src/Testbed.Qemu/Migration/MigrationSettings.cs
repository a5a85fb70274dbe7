namespace Testbed.Qemu.Migration;

/// <summary>How a live migration runs.</summary>
public sealed record MigrationSettings
{
    /// <summary>The longest pause QEMU aims for at switch-over, in ms; QEMU's default is 300.</summary>
    public long DowntimeLimitMs { get; init; } = 300;

    /// <summary>Caps the stream; null leaves QEMU's default. The link's own rate applies anyway.</summary>
    public long? MaxBandwidthBytesPerSecond { get; init; }

    /// <summary>
    /// Pause at pre-switchover so the switch-over hook runs while the VM is stopped (the
    /// default, and what the smart routers need). Off, the hook runs right after the source
    /// completes instead, so the network switches late.
    /// </summary>
    public bool PauseBeforeSwitchover { get; init; } = true;

    public bool PostcopyRam { get; init; }

    /// <summary>Parallel streams (QEMU's multifd); null for one stream, QEMU's default.</summary>
    public int? MultifdChannels { get; init; }

    /// <summary>XBZRLE's cache of pages already sent, in bytes; null leaves XBZRLE off.</summary>
    public long? XbzrleCacheBytes { get; init; }

    /// <summary>Throttle the guest's vCPUs when the migration does not converge.</summary>
    public bool AutoConverge { get; init; }

    /// <summary>A migration still running after this is cancelled and reported as failed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);
}
