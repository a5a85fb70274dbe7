namespace Testbed.TestSupport;

/// <summary>
/// Results directories of real runs on the lab machine, checked in under tests/TestData/runs/
/// so that readers, stores, reports and dashboards are tested on what a run really writes.
/// </summary>
public static class RecordedRuns
{
    /// <summary>experiments/examples/one-move.yaml: one scripted migration dc1 to dc2 at 8 s, 20 s long.</summary>
    public static string OneMove => RepositoryRoot.Combine("tests", "TestData", "runs", "one-move");

    /// <summary>
    /// experiments/paper/flash-crowd.yaml: replicate-on-demand cloned a replica to dc2 at 20.5 s
    /// and dropped it at 61.2 s. The host was building the solution meanwhile, so many of the
    /// crowd's requests timed out: real rows of a loaded run, not a figure to quote.
    /// </summary>
    public static string FlashCrowd => RepositoryRoot.Combine("tests", "TestData", "runs", "flash-crowd");

    /// <summary>
    /// experiments/examples/nomads.yaml: six nomads handed over between four towns
    /// (handovers.csv, tracks.csv, map.csv), follow-users migrating after their demand.
    /// </summary>
    public static string Nomads => RepositoryRoot.Combine("tests", "TestData", "runs", "nomads");

    /// <summary>Every checked-in run.</summary>
    public static IReadOnlyList<string> All => [OneMove, FlashCrowd, Nomads];
}
