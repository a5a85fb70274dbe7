using Testbed.Topology;

namespace Testbed.Mobility.Tracks;

/// <summary>Where a user is at <see cref="TimeS"/> seconds of simulated time.</summary>
public readonly record struct TrackPoint(double TimeS, GeoPoint Position);
