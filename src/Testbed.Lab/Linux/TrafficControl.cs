namespace Testbed.Lab.Linux;

/// <summary>Thin wrapper over iproute2's tc for the qdiscs runs create.</summary>
public static class TrafficControl
{
    /// <summary>
    /// Runs many tc commands in one process (`tc -batch`), inside <paramref name="netns"/>.
    /// tc stops at the first failing line and names it, so a link is never left half shaped
    /// without an error.
    /// </summary>
    public static Task BatchAsync(string netns, IEnumerable<string> commands, CancellationToken cancellationToken = default) =>
        IpRoute.BatchAsync("tc", netns, commands, cancellationToken);
}
