namespace Testbed.Cli.Bench;

/// <summary>What `testbed bench overlay --json` prints.</summary>
internal sealed record OverlayBenchReport(ForwardingBenchRow Forwarding, IReadOnlyList<MechanismBenchRow> Mechanisms);
