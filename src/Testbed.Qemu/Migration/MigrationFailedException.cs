using Testbed.Workload.Records;

namespace Testbed.Qemu.Migration;

/// <summary>The migration did not complete; the source VM was left running. The record holds what was measured up to then.</summary>
public sealed class MigrationFailedException(MigrationRecord record)
    : Exception($"migration {EnumWords<MigrationOutcome>.Word(record.Outcome)}: {record.Error ?? "no reason given"}; the source VM is still running")
{
    public MigrationRecord Record { get; } = record;
}
