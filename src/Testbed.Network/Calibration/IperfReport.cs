namespace Testbed.Network.Calibration;

/// <summary>
/// What iperf3 reported of one test: the receiver's rate (bits per second, slow start left
/// out when asked), the payload bytes the sender wrote and the receiver got over the whole
/// test, the segments TCP sent again (0 for UDP), the receiver's seconds, and for UDP the
/// datagrams sent and those the receiver found missing.
/// </summary>
/// <remarks>
/// A TCP sender's bytes are what it wrote into its socket: at the end of a timed test some of
/// them are still in its send buffer, never sent. A UDP sender's datagrams all left.
/// </remarks>
public sealed record IperfReport(
    double ReceivedBitsPerSecond, long SentBytes, long ReceivedBytes, long Retransmits, double Seconds, long? SentPackets = null, long? LostPackets = null);
