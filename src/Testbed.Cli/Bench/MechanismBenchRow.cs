namespace Testbed.Cli.Bench;

/// <summary>
/// One mechanism on the benchmark's migration, seen from the user near the destination.
/// Times in ms. <see cref="OneWayDelayMs"/> is the WAN delay from where the user's traffic
/// enters the mechanism to the new data center: the floor under convergence.
/// <see cref="PathReadyMs"/> and <see cref="GuestFirstFrameMs"/> split convergence at the
/// destination tap (<see cref="Testbed.Mechanisms.Guests.ConvergenceSplit"/>): when the
/// network first delivered to the guest, and when the resumed guest first sent, from RESUME.
/// </summary>
internal sealed record MechanismBenchRow(
    string Mechanism,
    string Outcome,
    long? QemuDowntimeMs,
    double? RestoreMs,
    double? ConvergenceMs,
    double? PathReadyMs,
    double? GuestFirstFrameMs,
    double? ClientDowntimeMs,
    double OneWayDelayMs,
    int BrokenConnections,
    int Connections);
