using System.Net;

namespace Testbed.Mechanisms.Mobility;

/// <summary>
/// The authoritative name → address records of the services, as DNS would hold them.
/// Clients do not read it directly but through a <see cref="CachingResolver"/>, which keeps
/// an answer for the TTL: that delay is how long re-addressed clients keep the old address.
/// </summary>
public sealed class ServiceDirectory(TimeSpan ttl)
{
    private readonly Dictionary<string, IPAddress> _records = new(StringComparer.Ordinal);

    public TimeSpan Ttl { get; } = ttl;

    public void Publish(string service, IPAddress address)
    {
        lock (_records)
        {
            _records[service] = address;
        }
    }

    public IPAddress Lookup(string service)
    {
        lock (_records)
        {
            return _records.TryGetValue(service, out var address)
                ? address
                : throw new KeyNotFoundException($"no record for service '{service}'");
        }
    }

    public CachingResolver Resolver() => new(this);
}
