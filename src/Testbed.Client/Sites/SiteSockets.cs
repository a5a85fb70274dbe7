using System.Net.Sockets;
using Testbed.Lab.Linux;
using Testbed.Workload.Clients;

namespace Testbed.Client.Sites;

/// <summary>Sockets at a user's site: made in the site's namespace, whatever namespace the process runs in.</summary>
internal static class SiteSockets
{
    /// <summary>An IPv4 socket in <paramref name="site"/>'s namespace; InvalidOperationException when the namespace cannot be entered.</summary>
    public static Socket CreateSocket(this SiteLocation site, SocketType type, ProtocolType protocol) =>
        site.Netns == SiteLocation.ProcessNamespace
            ? new Socket(AddressFamily.InterNetwork, type, protocol)
            : NamespaceSockets.Create(site.Netns, AddressFamily.InterNetwork, type, protocol);
}
