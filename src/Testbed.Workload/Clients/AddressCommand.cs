using System.Net;

namespace Testbed.Workload.Clients;

/// <summary>"address IPV4": the service's directory now answers with <paramref name="Address"/> (re-addressing).</summary>
public sealed record AddressCommand(IPAddress Address) : ClientCommand
{
    public override string Line => $"address {Address}";
}
