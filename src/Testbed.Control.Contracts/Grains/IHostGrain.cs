namespace Testbed.Control.Contracts.Grains;

/// <summary>A lab machine of the cluster, keyed by its silo's name: it always runs there, and reads that machine's clock.</summary>
public interface IHostGrain : IGrainWithStringKey, IPlacedGrain
{
    Task<HostReading> ReadAsync();

    /// <summary>Takes this host's part in a run: its share of the WAN and its run silo, which joins the run's own cluster. One run at a time.</summary>
    Task JoinRunAsync(HostRunOrder order);

    /// <summary>Leaves the run: its silo stops and what it built is torn down; returns every file it recorded.</summary>
    Task<IReadOnlyList<RunFile>> LeaveRunAsync(string runId);
}
