using System.Net;

namespace Testbed.Workload.Protocol;

/// <summary>
/// "!address A/LEN GW": the guest moves to another address and default gateway, as after
/// a re-addressing move; the hypervisor's agent channel sends it, since the old address
/// may no longer be reachable.
/// </summary>
public sealed record SetAddressCommand(IPAddress Address, int PrefixLength, IPAddress Gateway) : ControlCommand
{
    public override string Line => $"{ControlLine.Marker}address {Address}/{PrefixLength} {Gateway}";
}
