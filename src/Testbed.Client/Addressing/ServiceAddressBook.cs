using System.Net;

namespace Testbed.Client.Addressing;

/// <summary>
/// The service's directory entry: the newest address published for it (the start address,
/// then each address command). Users do not read it directly but through a
/// <see cref="CachedServiceAddress"/>, as clients read DNS through a caching resolver.
/// </summary>
internal sealed class ServiceAddressBook(IPAddress initial)
{
    private volatile IPAddress _newest = initial;

    public IPAddress Newest => _newest;

    public void Publish(IPAddress address) => _newest = address;
}
