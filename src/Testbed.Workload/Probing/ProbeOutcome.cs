namespace Testbed.Workload.Probing;

/// <summary>
/// One probe of a <see cref="ContinuousProber"/>, once resolved: the instant it was due
/// to leave (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), its round trip counted
/// from that instant (null when no echo came within <see cref="ContinuousProber.LossTimeout"/>),
/// and how late it really left: a late send shows in the round trip, as a user's delayed
/// packet would, and this says how much of it was the sender's.
/// </summary>
public readonly record struct ProbeOutcome(ulong Sequence, long ScheduledTimestamp, TimeSpan? RoundTrip, TimeSpan SendLate);
