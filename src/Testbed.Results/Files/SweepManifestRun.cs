namespace Testbed.Results.Files;

/// <summary>One run of a sweep in sweep.json: where it sits in the sweep, its seed, how it ended, and its link fidelity (summary.json's status).</summary>
public sealed record SweepManifestRun(string RunId, int Point, int Repetition, int Seed, bool Completed, string? Error, string? Fidelity = null);
