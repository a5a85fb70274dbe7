using System.Collections.Concurrent;
using Testbed.Control.Hosts;
using Testbed.Workload.Clients;

namespace Testbed.Control.Tests.Fakes;

/// <summary>User sites as names and clients as <see cref="FakeClientProcess"/>es that answer commands as testbed-client does, in records.</summary>
internal sealed class FakeClientHost : IClientHost
{
    public ConcurrentDictionary<string, FakeClientProcess> Processes { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, a client exits at start with this on its standard error instead of becoming ready.</summary>
    public string? FailsAtStart { get; set; }

    public string SiteNamespace(string site) => "ns-" + site;

    public IClientProcess Start(string group, ClientOptions options, Action<string> onLine)
    {
        var process = new FakeClientProcess(options, onLine, FailsAtStart);
        Processes[group] = process;
        process.Begin();
        return process;
    }
}
