namespace Testbed.Workload.Clients;

/// <summary>
/// A user site and the network namespace that stands for it. A socket belongs to the
/// namespace it was created in, so a user's sockets are made in the namespace of the site it
/// is at when it makes them (testbed-client's <c>SiteSockets</c>), whatever namespace the
/// process itself was started in.
/// </summary>
/// <param name="Netns">A named namespace, or <see cref="ProcessNamespace"/>.</param>
public sealed record SiteLocation(string Site, string Netns)
{
    /// <summary>"-": the namespace the process runs in, for tests without namespaces.</summary>
    public const string ProcessNamespace = "-";

    /// <summary>True for "-" and for a namespace that exists now (ip netns keeps them under /run/netns).</summary>
    public static bool NamespaceExists(string netns) =>
        netns == ProcessNamespace
        || (netns.Length > 0 && !netns.Contains('/', StringComparison.Ordinal) && netns is not ("." or "..") && File.Exists($"/run/netns/{netns}"));
}
