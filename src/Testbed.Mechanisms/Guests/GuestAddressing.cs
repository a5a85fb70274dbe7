using System.Net;

namespace Testbed.Mechanisms.Guests;

/// <summary>How a guest is addressed where it runs: its address, the prefix length of its LAN, and its default gateway.</summary>
public sealed record GuestAddressing(IPAddress Address, int PrefixLength, IPAddress Gateway)
{
    public override string ToString() => $"{Address}/{PrefixLength} via {Gateway}";
}
