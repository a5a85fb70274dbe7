namespace Testbed.Qemu.Migration;

/// <summary>One MIGRATION event: QEMU's status name ("setup", "active", "pre-switchover", "device", "completed", ...) and its time.</summary>
public sealed record MigrationState(string Status, DateTimeOffset At);
