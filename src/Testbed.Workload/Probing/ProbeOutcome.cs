namespace Testbed.Workload.Probing;

/// <summary>
/// One probe of a <see cref="ContinuousUdpProber"/>, once resolved: when it was sent (a
/// <see cref="System.Diagnostics.Stopwatch"/> timestamp) and its round trip, null when no
/// echo came within <see cref="ContinuousUdpProber.LossTimeout"/>.
/// </summary>
public readonly record struct ProbeOutcome(ulong Sequence, long SentTimestamp, TimeSpan? RoundTrip);
