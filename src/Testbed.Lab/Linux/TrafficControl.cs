using Testbed.Lab.Processes;

namespace Testbed.Lab.Linux;

/// <summary>Thin wrapper over iproute2's tc for the qdiscs runs create.</summary>
public static class TrafficControl
{
    /// <summary>
    /// Runs many tc commands in one process (`tc -batch`), inside <paramref name="netns"/>.
    /// tc stops at the first failing line and names it, so a link is never left half shaped
    /// without an error.
    /// </summary>
    public static async Task BatchAsync(string netns, IEnumerable<string> commands, CancellationToken cancellationToken = default)
    {
        var script = string.Join('\n', commands) + "\n";
        string[] arguments = ["-n", netns, "-batch", "-"];
        var result = await CommandRunner.RunAsync("tc", arguments, script, TimeSpan.FromSeconds(60), cancellationToken);
        if (!result.Succeeded)
        {
            throw new CommandFailedException($"tc {string.Join(' ', arguments)}", result);
        }
    }
}
