using System.Net;

namespace Testbed.Client.Commands;

/// <summary>"address IPV4": the service's directory now answers with <paramref name="Address"/> (re-addressing).</summary>
internal sealed record AddressCommand(IPAddress Address) : ClientCommand;
