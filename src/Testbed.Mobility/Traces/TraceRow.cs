using Testbed.Topology;

namespace Testbed.Mobility.Traces;

/// <summary>One sample of a trace: a user at a place (<see cref="Position"/>) or at a named site (<see cref="Site"/>), and the line it came from.</summary>
public sealed record TraceRow(int Line, double TimeS, string User, GeoPoint? Position, string? Site);
