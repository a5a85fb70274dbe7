using Testbed.Workload.Clients;

namespace Testbed.Control.Hosts;

/// <summary>This host's user sites and the testbed-client processes that load the service from them. One per silo.</summary>
public interface IClientHost
{
    /// <summary>The network namespace that stands for a user site on this host.</summary>
    string SiteNamespace(string site);

    /// <summary>
    /// Starts one group's testbed-client in its first site's namespace; each line it writes on
    /// standard output goes to <paramref name="onLine"/>, on the process's reader thread.
    /// </summary>
    IClientProcess Start(string group, ClientOptions options, Action<string> onLine);
}
