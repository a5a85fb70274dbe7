using System.Globalization;
using System.Net;
using Testbed.Topology.Addressing;
using Testbed.Overlay.Forwarding;

namespace Testbed.Overlay.DataPlane;

/// <summary>The flows toward a service that this namespace's connection tracking knows, from /proc/net/nf_conntrack.</summary>
internal static class TrackedConnections
{
    private const string Table = "/proc/net/nf_conntrack";

    /// <summary>Each tracked connection whose original direction goes to <paramref name="service"/>, as the router would key its packets.</summary>
    public static IReadOnlyList<FlowKey> To(string service) =>
        File.Exists(Table) ? Parse(File.ReadLines(Table), Ipv4.ToNumber(IPAddress.Parse(service))) : [];

    /// <summary>
    /// A line reads "ipv4 2 tcp 6 431999 ESTABLISHED src=A dst=B sport=P dport=Q ... src=B dst=A ...":
    /// the protocol's number is the fourth field, and the first src, dst, sport and dport are the original direction.
    /// </summary>
    public static IReadOnlyList<FlowKey> Parse(IEnumerable<string> lines, uint service)
    {
        var flows = new List<FlowKey>();
        foreach (var line in lines)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 5 || fields[0] != "ipv4" || !byte.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var protocol))
            {
                continue;
            }

            var source = First(fields, "src=");
            var destination = First(fields, "dst=");
            if (source is null || destination is null || !IPAddress.TryParse(destination, out var to) || Ipv4.ToNumber(to) != service || !IPAddress.TryParse(source, out var from))
            {
                continue;
            }

            var ports = protocol is FlowKey.Tcp or FlowKey.Udp;
            flows.Add(new FlowKey(Ipv4.ToNumber(from), service, protocol,
                ports ? Port(First(fields, "sport=")) : (ushort)0, ports ? Port(First(fields, "dport=")) : (ushort)0));
        }

        return flows;
    }

    private static string? First(string[] fields, string prefix) =>
        fields.FirstOrDefault(f => f.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];

    private static ushort Port(string? text) => ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : (ushort)0;
}
