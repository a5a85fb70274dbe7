using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Testbed.Lab.Processes;

namespace Testbed.Network.Calibration;

/// <summary>Round-trip times measured by the system's own `ping`, from inside a namespace.</summary>
public static partial class PingProbe
{
    /// <summary>The round-trip time of each answered echo, in milliseconds, in the order sent; with <paramref name="source"/>, sent from that address.</summary>
    public static async Task<IReadOnlyList<double>> RoundTripsMsAsync(
        string netns, IPAddress target, int count, TimeSpan interval, IPAddress? source = null, CancellationToken cancellationToken = default)
    {
        // Numeric output, and a deadline so that a dead link ends the probe instead of hanging it.
        var deadline = (int)Math.Ceiling((count * interval.TotalSeconds) + 5);
        var result = await CommandRunner.RunAsync("ip",
            ["netns", "exec", netns, "ping", "-n", "-c", count.ToString(CultureInfo.InvariantCulture),
             "-i", interval.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
             "-w", deadline.ToString(CultureInfo.InvariantCulture), .. source is null ? (string[])[] : ["-I", source.ToString()], target.ToString()],
            TimeSpan.FromSeconds(deadline + 10), cancellationToken);
        return RoundTripPattern().Matches(result.StandardOutput)
            .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .ToList();
    }

    [GeneratedRegex(@"time=([0-9.]+) ms")]
    private static partial Regex RoundTripPattern();
}
