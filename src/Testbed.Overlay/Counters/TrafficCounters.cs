using System.Collections.Concurrent;
using Testbed.Topology.Addressing;

namespace Testbed.Overlay.Counters;

/// <summary>A router's packet counters: totals by event, and per service address.</summary>
public sealed class TrafficCounters
{
    private readonly long[] _totals = new long[Enum.GetValues<TrafficEvent>().Length];
    private readonly ConcurrentDictionary<uint, ServiceCounters> _services = new();

    public void Count(TrafficEvent traffic) => Interlocked.Increment(ref _totals[(int)traffic]);

    /// <summary>Counts <paramref name="packets"/> at once: the segments of one offloaded super-packet.</summary>
    public void Count(TrafficEvent traffic, int packets) => Interlocked.Add(ref _totals[(int)traffic], packets);

    public long Total(TrafficEvent traffic) => Interlocked.Read(ref _totals[(int)traffic]);

    public ServiceCounters Service(uint address) => _services.GetOrAdd(address, _ => new ServiceCounters());

    public IReadOnlyDictionary<string, long> Totals() =>
        Enum.GetValues<TrafficEvent>().ToDictionary(e => ToName(e), Total, StringComparer.Ordinal);

    public IReadOnlyList<KeyValuePair<string, ServiceCounters>> Services() =>
        [.. _services.OrderBy(p => p.Key).Select(p => KeyValuePair.Create(Ipv4.FromNumber(p.Key).ToString(), p.Value))];

    /// <summary>snake_case, as in the control protocol: DropNoEntry is drop_no_entry.</summary>
    public static string ToName(TrafficEvent traffic) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(traffic.ToString());
}
