using Testbed.Lab.Processes;

namespace Testbed.Lab.Linux;

/// <summary>Thin wrappers over iproute2 for the objects runs create. Every name is passed as its own argument, never through a shell.</summary>
public static class IpRoute
{
    /// <summary>
    /// Runs many `ip` commands in one process (`ip -batch`), inside <paramref name="netns"/>
    /// when given: building a network of a hundred nodes would otherwise start thousands of
    /// processes. The first failing line stops the batch, and its error names the line.
    /// </summary>
    public static Task BatchAsync(string? netns, IEnumerable<string> commands, CancellationToken cancellationToken = default) =>
        BatchAsync("ip", netns, commands, cancellationToken);

    /// <summary>One of iproute2's tools (ip, tc) in batch mode: the same options, the same failure.</summary>
    internal static async Task BatchAsync(string tool, string? netns, IEnumerable<string> commands, CancellationToken cancellationToken)
    {
        var script = string.Join('\n', commands) + "\n";
        string[] arguments = netns is null ? ["-batch", "-"] : ["-n", netns, "-batch", "-"];
        var result = await CommandRunner.RunAsync(tool, arguments, script, TimeSpan.FromSeconds(60), cancellationToken);
        if (!result.Succeeded)
        {
            throw new CommandFailedException($"{tool} {string.Join(' ', arguments)}", result);
        }
    }

    public static Task AddNamespaceAsync(string name, CancellationToken cancellationToken = default) =>
        CommandRunner.RunCheckedAsync("ip", ["netns", "add", name], cancellationToken);

    public static Task DeleteNamespaceAsync(string name, CancellationToken cancellationToken = default) =>
        CommandRunner.RunCheckedAsync("ip", ["netns", "delete", name], cancellationToken);

    public static async Task<IReadOnlyList<string>> ListNamespacesAsync(CancellationToken cancellationToken = default)
    {
        var result = await CommandRunner.RunCheckedAsync("ip", ["netns", "list"], cancellationToken);

        // Lines look like "name" or "name (id: 3)".
        return [.. result.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')[0])];
    }

    public static async Task<bool> NamespaceExistsAsync(string name, CancellationToken cancellationToken = default) =>
        (await ListNamespacesAsync(cancellationToken)).Contains(name, StringComparer.Ordinal);

    /// <summary>Pids of every process inside the namespace (ip netns pids): membership, not a name match.</summary>
    public static async Task<IReadOnlyList<int>> PidsInNamespaceAsync(string name, CancellationToken cancellationToken = default)
    {
        var result = await CommandRunner.RunAsync("ip", ["netns", "pids", name], TimeSpan.FromSeconds(30), cancellationToken);
        return result.Succeeded
            ? [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse)]
            : [];
    }

    public static Task AddBridgeAsync(string name, string? netns, CancellationToken cancellationToken = default) =>
        CommandRunner.RunCheckedAsync("ip", [.. In(netns), "link", "add", "name", name, "type", "bridge"], cancellationToken);

    public static Task AddTapAsync(string name, string? netns, CancellationToken cancellationToken = default) =>
        CommandRunner.RunCheckedAsync("ip", [.. In(netns), "tuntap", "add", "dev", name, "mode", "tap"], cancellationToken);

    public static Task AddVethPairAsync(string name, string peer, string? netns, CancellationToken cancellationToken = default) =>
        CommandRunner.RunCheckedAsync("ip", [.. In(netns), "link", "add", "name", name, "type", "veth", "peer", "name", peer], cancellationToken);

    /// <summary>Adds an address such as 10.0.0.1/24 to an interface.</summary>
    public static Task AddAddressAsync(string device, string cidr, string? netns, CancellationToken cancellationToken = default) =>
        CommandRunner.RunCheckedAsync("ip", [.. In(netns), "address", "add", cidr, "dev", device], cancellationToken);

    public static Task AddRouteAsync(string destination, string via, string? netns, CancellationToken cancellationToken = default) =>
        CommandRunner.RunCheckedAsync("ip", [.. In(netns), "route", "add", destination, "via", via], cancellationToken);

    /// <summary>Adds or atomically replaces the route, so traffic never sees a moment without one.</summary>
    public static Task ReplaceRouteAsync(string destination, string via, string? netns, CancellationToken cancellationToken = default) =>
        CommandRunner.RunCheckedAsync("ip", [.. In(netns), "route", "replace", destination, "via", via], cancellationToken);

    public static Task SetMasterAsync(string name, string master, string? netns, CancellationToken cancellationToken = default) =>
        CommandRunner.RunCheckedAsync("ip", [.. In(netns), "link", "set", "dev", name, "master", master], cancellationToken);

    public static Task SetUpAsync(string name, string? netns, CancellationToken cancellationToken = default) =>
        CommandRunner.RunCheckedAsync("ip", [.. In(netns), "link", "set", "dev", name, "up"], cancellationToken);

    public static async Task<bool> LinkExistsAsync(string name, string? netns, CancellationToken cancellationToken = default) =>
        (await CommandRunner.RunAsync("ip", [.. In(netns), "link", "show", "dev", name], TimeSpan.FromSeconds(30), cancellationToken)).Succeeded;

    /// <summary>The names of every interface in <paramref name="netns"/> (the root namespace when null).</summary>
    public static async Task<IReadOnlyList<string>> LinkNamesAsync(string? netns, CancellationToken cancellationToken = default)
    {
        var result = await CommandRunner.RunCheckedAsync("ip", [.. In(netns), "-o", "link", "show"], cancellationToken);

        // Lines look like "7: name@peer: <FLAGS> ..." or "7: name: <FLAGS> ...".
        return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 3))
            .Where(parts => parts.Length == 3)
            .Select(parts => parts[1].Trim().Split('@')[0])];
    }

    public static Task DeleteLinkAsync(string name, string? netns, CancellationToken cancellationToken = default) =>
        CommandRunner.RunCheckedAsync("ip", [.. In(netns), "link", "delete", "dev", name], cancellationToken);

    private static string[] In(string? netns) => netns is null ? [] : ["-netns", netns];
}
