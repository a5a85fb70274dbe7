using System.Diagnostics;
using System.Net;

namespace Testbed.Mechanisms.Mobility;

/// <summary>One client's resolver: it answers from its cache until the record's TTL runs out, then asks the directory again.</summary>
public sealed class CachingResolver(ServiceDirectory directory)
{
    private readonly Dictionary<string, (IPAddress Address, long FetchedAt)> _cache = new(StringComparer.Ordinal);

    public IPAddress Resolve(string service)
    {
        lock (_cache)
        {
            if (_cache.TryGetValue(service, out var cached) && Stopwatch.GetElapsedTime(cached.FetchedAt) < directory.Ttl)
            {
                return cached.Address;
            }

            var address = directory.Lookup(service);
            _cache[service] = (address, Stopwatch.GetTimestamp());
            return address;
        }
    }
}
