using System.Net;
using Testbed.Workload.Probing;

namespace Testbed.Workload.Clients;

/// <summary>Everything the command line says about the one user group this process drives.</summary>
/// <param name="Group">The group's name, for messages.</param>
/// <param name="ServiceAddress">The service's address until an address command publishes another.</param>
/// <param name="FirstSite">Where every user starts.</param>
/// <param name="RequestSize">Bytes per request line, newline included; at least 8, the size of "request\n".</param>
/// <param name="ProbeInterval">Zero when the group sends no probes.</param>
/// <param name="ProbeProtocol">ICMP echoes, which the guest's kernel answers, or UDP to <paramref name="ProbePort"/>.</param>
/// <param name="AddressTtl">How long a user keeps the address it looked up, as a resolver caches a DNS answer.</param>
/// <param name="RequestTimeout">From a request's scheduled time until it counts as timed out.</param>
public sealed record ClientOptions(
    string Group,
    IPAddress ServiceAddress,
    SiteLocation FirstSite,
    int Users,
    double RatePerUserPerSecond,
    int RequestSize,
    ConnectionMode Mode,
    TimeSpan ProbeInterval,
    int Seed,
    TimeSpan AddressTtl,
    TimeSpan RequestTimeout,
    int Port,
    int ProbePort,
    ProbeProtocol ProbeProtocol = ProbeProtocol.Udp);
