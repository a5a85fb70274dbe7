namespace Testbed.Dashboards.Engine;

/// <summary>Whether the engine was already answering, or was started here (and how long it took to answer).</summary>
public sealed record EngineStart(bool StartedHere, int? Pid, TimeSpan Elapsed);
