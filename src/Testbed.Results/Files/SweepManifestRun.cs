namespace Testbed.Results.Files;

/// <summary>One run of a sweep in sweep.json: where it sits in the sweep, its seed, and how it ended.</summary>
public sealed record SweepManifestRun(string RunId, int Point, int Repetition, int Seed, bool Completed, string? Error);
