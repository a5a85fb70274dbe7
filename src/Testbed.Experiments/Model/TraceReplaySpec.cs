using Testbed.Mobility.Traces;

namespace Testbed.Experiments.Model;

/// <summary>A trace a group replays: the file it was read from, its rows, and how its clock becomes the run's.</summary>
public sealed record TraceReplaySpec(string Path, Trace Trace, TraceReplayOptions Options);
