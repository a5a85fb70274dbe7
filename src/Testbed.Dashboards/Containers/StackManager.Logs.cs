using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Testbed.Dashboards.Containers;

public sealed partial class StackManager
{
    private async Task<ContainerUnhealthyException> UnhealthyAsync(ContainerSpec spec, string id, string reason, CancellationToken cancellationToken) =>
        new(spec.Name, reason, await LastLogLinesAsync(id, cancellationToken));

    /// <summary>
    /// The container's last lines from standard output and standard error together, in
    /// the order they were written: the engine stamps each line, and the two streams are
    /// merged on those stamps.
    /// </summary>
    public async Task<IReadOnlyList<string>> LastLogLinesAsync(string container, CancellationToken cancellationToken = default)
    {
        string stdout, stderr;
        try
        {
            using var logs = await docker.Containers.GetContainerLogsAsync(
                container,
                tty: false,
                new ContainerLogsParameters
                {
                    ShowStdout = true,
                    ShowStderr = true,
                    Timestamps = true,
                    Tail = LogLines.ToString(CultureInfo.InvariantCulture),
                },
                cancellationToken);
            (stdout, stderr) = await logs.ReadOutputToEndAsync(cancellationToken);
        }
        catch (DockerApiException failure)
        {
            return [$"(its log could not be read: {EngineMessage.Of(failure)})"];
        }

        return [.. StampedLines(stdout).Concat(StampedLines(stderr))
            .OrderBy(line => line.Stamp, StringComparer.Ordinal)
            .TakeLast(LogLines)
            .Select(line => line.Text)];
    }

    private static IEnumerable<(string Stamp, string Text)> StampedLines(string output)
    {
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var (stamp, text) = space > 0 ? (line[..space], line[(space + 1)..]) : ("", line);
            text = text.TrimEnd('\r');
            if (text.Trim().Length > 0)
            {
                yield return (SortableStamp(stamp), text);
            }
        }
    }

    /// <summary>
    /// The engine writes RFC 3339 with trailing zeros of the fraction dropped; padding the
    /// fraction to nine digits makes an ordinal comparison follow time.
    /// </summary>
    internal static string SortableStamp(string stamp)
    {
        var dot = stamp.IndexOf('.', StringComparison.Ordinal);
        var zone = stamp.IndexOfAny(['Z', '+', '-'], Math.Max(dot, 0) + 1);
        if (dot < 0 || zone < 0)
        {
            return stamp;
        }

        return string.Concat(stamp.AsSpan(0, dot + 1), stamp[(dot + 1)..zone].PadRight(9, '0'), stamp.AsSpan(zone));
    }
}
