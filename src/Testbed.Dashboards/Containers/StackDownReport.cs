namespace Testbed.Dashboards.Containers;

/// <summary>What `down` removed, and the volumes it kept (the data outlives the containers unless purged).</summary>
public sealed record StackDownReport(
    IReadOnlyList<string> RemovedContainers,
    string? RemovedNetwork,
    IReadOnlyList<string> RemovedVolumes,
    IReadOnlyList<string> KeptVolumes,
    TimeSpan Elapsed)
{
    public bool NothingFound => RemovedContainers.Count == 0 && RemovedNetwork is null && RemovedVolumes.Count == 0;
}
