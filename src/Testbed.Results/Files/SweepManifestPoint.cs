namespace Testbed.Results.Files;

/// <summary>One point of a sweep in sweep.json: its number (from 1) and each swept field's value.</summary>
public sealed record SweepManifestPoint(int Number, IReadOnlyDictionary<string, string> Values);
