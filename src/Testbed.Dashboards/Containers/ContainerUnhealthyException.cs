namespace Testbed.Dashboards.Containers;

/// <summary>A container exited, or did not become healthy in time; the message quotes its last log lines.</summary>
public sealed class ContainerUnhealthyException(string container, string reason, IReadOnlyList<string> lastLogLines)
    : DashboardsException(Describe(container, reason, lastLogLines))
{
    public string Container { get; } = container;

    public IReadOnlyList<string> LastLogLines { get; } = lastLogLines;

    private static string Describe(string container, string reason, IReadOnlyList<string> lines) =>
        lines.Count == 0
            ? $"container {container} {reason}; it logged nothing"
            : $"container {container} {reason}; its last log lines: {string.Join(" | ", lines)}";
}
