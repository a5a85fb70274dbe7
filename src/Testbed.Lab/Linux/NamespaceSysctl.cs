using Testbed.Lab.Processes;

namespace Testbed.Lab.Linux;

/// <summary>
/// Reads and writes a network namespace's own sysctls (under /proc/sys/net). They must be
/// opened by a process inside the namespace, so each call runs one inside it with ip netns exec.
/// </summary>
public static class NamespaceSysctl
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <param name="name">The path under /proc/sys, e.g. net/ipv4/tcp_wmem.</param>
    public static async Task<string> ReadAsync(string netns, string name, CancellationToken cancellationToken = default)
    {
        var read = await CommandRunner.RunAsync("ip", ["netns", "exec", netns, "cat", PathOf(name)], Patience, cancellationToken);
        return read.ExitCode == 0
            ? read.StandardOutput.Trim()
            : throw new InvalidOperationException($"cannot read {name} in namespace {netns}: {read.StandardError.Trim()}");
    }

    public static async Task WriteAsync(string netns, string name, string value, CancellationToken cancellationToken = default)
    {
        var written = await CommandRunner.RunAsync("ip", ["netns", "exec", netns, "tee", PathOf(name)], value + "\n", Patience, cancellationToken);
        if (written.ExitCode != 0)
        {
            throw new InvalidOperationException($"cannot set {name} to {value} in namespace {netns}: {written.StandardError.Trim()}");
        }
    }

    private static string PathOf(string name) => "/proc/sys/" + name.TrimStart('/');
}
