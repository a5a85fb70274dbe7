using System.Globalization;

namespace Testbed.Workload.Protocol;

/// <summary>
/// The guest's answer to one request line: which VM served it and the VM's request counter
/// after it. The counter lives in guest memory only, so a counter that continues across a
/// migration proves that the VM's state moved with it. On the wire:
/// "served-by=NAME count=N\n". Any plain TCP client (nc, telnet) can read it.
/// </summary>
public sealed record ServiceReply(string ServedBy, long Count)
{
    public string ToLine() => string.Create(CultureInfo.InvariantCulture, $"served-by={ServedBy} count={Count}");

    public static bool TryParse(string? line, out ServiceReply? reply)
    {
        reply = null;
        var fields = (line ?? "").Trim().Split(' ');
        if (fields.Length != 2
            || !fields[0].StartsWith("served-by=", StringComparison.Ordinal)
            || !fields[1].StartsWith("count=", StringComparison.Ordinal)
            || !long.TryParse(fields[1]["count=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }

        reply = new ServiceReply(fields[0]["served-by=".Length..], count);
        return reply.ServedBy.Length > 0;
    }
}
