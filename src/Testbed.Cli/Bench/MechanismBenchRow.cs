namespace Testbed.Cli.Bench;

/// <summary>
/// One mechanism on the benchmark's migration, seen from the user near the destination.
/// Times in ms. <see cref="OneWayDelayMs"/> is the WAN delay from where the user's traffic
/// enters the mechanism to the new data center: the floor under convergence.
/// </summary>
internal sealed record MechanismBenchRow(
    string Mechanism,
    string Outcome,
    long? QemuDowntimeMs,
    double? RestoreMs,
    double? ConvergenceMs,
    double? ClientDowntimeMs,
    double OneWayDelayMs,
    int BrokenConnections,
    int Connections);
