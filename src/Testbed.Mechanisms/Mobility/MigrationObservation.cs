using Testbed.Mechanisms.Guests;

namespace Testbed.Mechanisms.Mobility;

/// <summary>
/// What the hosts saw of one migration beside QEMU's own figures: when the stream's last
/// byte reached the destination (<see cref="LastByte"/>, which splits restore into in flight
/// and load), when the path and the resumed guest first carried frames at the destination's
/// tap, and the buffers the stream ran through.
/// </summary>
public sealed record MigrationObservation(DateTimeOffset? LastByte, ConvergenceSplit Convergence, MigrationBuffers Buffers)
{
    public static readonly MigrationObservation None = new(null, new ConvergenceSplit(null, null), new MigrationBuffers(null, null, null, null));
}
