namespace Testbed.Lab.Cleaning;

/// <summary>What a clean-up removed, and what it could not.</summary>
public sealed class CleanReport
{
    public List<string> StoppedProcesses { get; } = [];

    public List<string> RemovedNamespaces { get; } = [];

    public List<string> RemovedInterfaces { get; } = [];

    public List<string> RemovedSockets { get; } = [];

    public List<string> RemovedRunDirectories { get; } = [];

    public List<string> Problems { get; } = [];

    /// <summary>Runs whose owner still runs, left alone (without --force).</summary>
    public List<string> LiveRunsLeft { get; } = [];

    public bool NothingFound =>
        StoppedProcesses.Count == 0 && RemovedNamespaces.Count == 0 && RemovedInterfaces.Count == 0
        && RemovedSockets.Count == 0 && RemovedRunDirectories.Count == 0 && Problems.Count == 0 && LiveRunsLeft.Count == 0;
}
