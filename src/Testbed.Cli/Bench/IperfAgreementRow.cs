namespace Testbed.Cli.Bench;

/// <summary>
/// One iperf3 test beside the link emulator's counters on the user's access link, the one
/// link the flow crosses unencapsulated under every mechanism. iperf3 counts payload; the
/// counters count frames and bytes as on a wire, so the payload they saw is their bytes less
/// <see cref="HeaderBytesPerFrame"/> a frame (Ethernet, IPv4, and UDP, or TCP with the
/// timestamps Linux sends: a pure acknowledgement then counts for nothing).
/// <see cref="IperfBytes"/> is what the link must have carried by iperf3's own account:
/// for UDP every datagram the sender sent; for TCP what the receiver got, since a timed
/// test ends with bytes still in the sender's buffer, never sent, and the link also
/// carried what was in flight at the end (about a round trip's worth), which the receiver
/// no longer counted.
/// </summary>
internal sealed record IperfAgreementRow(
    string Protocol,
    double Seconds,
    double IperfMbps,
    string IperfBytesAre,
    long IperfBytes,
    long? IperfDatagrams,
    long? LostDatagrams,
    long Retransmits,
    string AccessLink,
    long LinkWireFrames,
    long LinkWireBytes,
    int HeaderBytesPerFrame,
    long LinkPayloadBytes,
    double LinkOverIperf,
    IReadOnlyList<LinkCarriedRow> Links);
