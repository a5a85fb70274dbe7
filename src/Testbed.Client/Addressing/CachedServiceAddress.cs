using System.Diagnostics;
using System.Net;

namespace Testbed.Client.Addressing;

/// <summary>
/// One resolver's cache of the service's address: the answer of the last lookup is kept until
/// the TTL has passed since that lookup, then the next use looks the address up again. This
/// is why re-addressing costs clients time: they go on using the old address until their
/// cached answer expires. Not thread-safe: each user and each probe stream has its own.
/// </summary>
internal sealed class CachedServiceAddress(ServiceAddressBook book, TimeSpan ttl)
{
    private IPAddress? _address;
    private long _lookedUpAt;

    public IPAddress Resolve()
    {
        var now = Stopwatch.GetTimestamp();
        if (_address is null || Stopwatch.GetElapsedTime(_lookedUpAt, now) >= ttl)
        {
            _address = book.Newest;
            _lookedUpAt = now;
        }

        return _address;
    }
}
