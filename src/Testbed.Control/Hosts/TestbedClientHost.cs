using Testbed.Control.World;
using Testbed.Lab.Runs;
using Testbed.Workload.Clients;
using Testbed.Workload.Hosting;

namespace Testbed.Control.Hosts;

/// <summary>The run's testbed-client processes, tracked by pid file in the run's directory, in the emulated WAN's user-site namespaces.</summary>
public sealed class TestbedClientHost(RunWorld world) : IClientHost
{
    public string SiteNamespace(string site) => world.Wan.Node(site).Namespace;

    public IClientProcess Start(string group, ClientOptions options, Action<string> onLine)
    {
        var name = RunProcessNames.Client(group);
        string[] arguments = [ClientProgram.Locate(), .. ClientArguments.Format(options)];
        var process = world.Runtime.StartProcess(name, "dotnet", arguments, options.FirstSite.Netns, onLine, untilStopped: true);
        return new TrackedClientProcess(process, () => world.Runtime.LogTail(name));
    }
}
