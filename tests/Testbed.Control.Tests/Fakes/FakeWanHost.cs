using System.Collections.Concurrent;
using Testbed.Control.Hosts;

namespace Testbed.Control.Tests.Fakes;

/// <summary>A WAN whose data centers' links are only a flag each.</summary>
internal sealed class FakeWanHost : IWanHost
{
    public ConcurrentDictionary<string, bool> LinksUp { get; } = new(StringComparer.Ordinal);

    public Task SetDataCenterLinksUpAsync(string dataCenter, bool up)
    {
        LinksUp[dataCenter] = up;
        return Task.CompletedTask;
    }
}
