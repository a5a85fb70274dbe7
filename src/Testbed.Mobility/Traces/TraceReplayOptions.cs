namespace Testbed.Mobility.Traces;

/// <summary>
/// How a trace's clock becomes the run's: a sample at trace time t is at (t - <see cref="OffsetS"/>)
/// × <see cref="TimeScale"/> simulated seconds. <see cref="MaxSpeedKmh"/> refuses a user that
/// moves faster between two of its samples (a teleport, usually a broken trace).
/// </summary>
public sealed record TraceReplayOptions(double OffsetS = 0, double TimeScale = 1, double? MaxSpeedKmh = null);
