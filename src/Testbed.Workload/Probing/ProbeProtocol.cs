namespace Testbed.Workload.Probing;

/// <summary>
/// What a users' probe is. <see cref="Icmp"/>: an ICMP echo, answered by the guest's kernel,
/// as ping measures; the guest's vCPU does least per probe, and after a migration the answer
/// says when the guest's network stack runs again. <see cref="Udp"/>: a datagram to the
/// guest's UDP echo service, which a process in the guest answers, so its answer also waits
/// for that process to be scheduled.
/// </summary>
public enum ProbeProtocol
{
    Icmp,
    Udp,
}
