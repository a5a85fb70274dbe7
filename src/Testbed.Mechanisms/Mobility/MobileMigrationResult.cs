using Testbed.Qemu.Migration;

namespace Testbed.Mechanisms.Mobility;

/// <summary>A completed migration: QEMU's record, the mechanism's steps, and what the hosts saw of it.</summary>
public sealed record MobileMigrationResult(MigrationRecord Record, PreparedMove Move, MigrationObservation Observed);
