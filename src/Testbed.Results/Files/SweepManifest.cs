namespace Testbed.Results.Files;

/// <summary>
/// sweep.json, in a sweep's directory: what the sweep varies, its points, and every run so far
/// (rewritten after each run, so a sweep cut short still says what it ran).
/// </summary>
public sealed record SweepManifest(
    string Id,
    string Experiment,
    string File,
    IReadOnlyList<string> Fields,
    int Repeat,
    IReadOnlyList<SweepManifestPoint> Points,
    IReadOnlyList<SweepManifestRun> Runs)
{
    public const string FileName = "sweep.json";
}
