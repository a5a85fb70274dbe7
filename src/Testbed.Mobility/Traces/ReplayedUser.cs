using Testbed.Mobility.Tracks;

namespace Testbed.Mobility.Traces;

/// <summary>
/// One trace user as the run replays it, on the run's simulated clock: its track where the trace
/// gives places (or its sites have locations), and for a trace by site, the sites it names in time order.
/// </summary>
public sealed record ReplayedUser(string Id, UserTrack? Track, IReadOnlyList<(double TimeS, string Site)>? Sites);
