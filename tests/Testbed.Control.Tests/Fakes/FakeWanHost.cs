using System.Collections.Concurrent;
using Testbed.Control.Hosts;
using Testbed.Topology;

namespace Testbed.Control.Tests.Fakes;

/// <summary>A WAN whose links are only their settings and an up flag each, as the experiment's topology configures them.</summary>
internal sealed class FakeWanHost(WanTopology topology) : IWanHost
{
    private readonly ConcurrentDictionary<string, LinkProperties> _settings =
        new(topology.Links.ToDictionary(l => Key(l.A, l.B), l => l.Properties), StringComparer.Ordinal);

    public ConcurrentDictionary<string, bool> LinksUp { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, bool> DataCentersUp { get; } = new(StringComparer.Ordinal);

    public LinkProperties LinkSetting(string a, string b) =>
        _settings.TryGetValue(Key(a, b), out var setting) ? setting : throw new ArgumentException($"no link between {a} and {b}");

    public Task SetLinkAsync(string a, string b, LinkProperties properties)
    {
        _ = LinkSetting(a, b);
        _settings[Key(a, b)] = properties;
        return Task.CompletedTask;
    }

    public Task SetLinkUpAsync(string a, string b, bool up)
    {
        _ = LinkSetting(a, b);
        LinksUp[Key(a, b)] = up;
        return Task.CompletedTask;
    }

    public Task SetDataCenterLinksUpAsync(string dataCenter, bool up)
    {
        DataCentersUp[dataCenter] = up;
        return Task.CompletedTask;
    }

    /// <summary>The same for either order of the ends.</summary>
    public static string Key(string a, string b) => string.CompareOrdinal(a, b) < 0 ? $"{a}|{b}" : $"{b}|{a}";
}
