namespace Testbed.Cli.Bench;

/// <summary>
/// What `testbed bench agreement` measured, through one mechanism to a real guest: the
/// configured round trip of the path (from the topology, as paths.csv has it), each tool's
/// round trips over the same seconds, and iperf3 (UDP at a set rate, then TCP) against the
/// emulator's counters.
/// </summary>
internal sealed record AgreementBenchReport(
    string Mechanism,
    string Site,
    string DataCenter,
    double ConfiguredRttMs,
    double IntervalMs,
    IReadOnlyList<RoundTripToolRow> RoundTrips,
    double RoundTripToleranceMs,
    bool RoundTripsAgree,
    IReadOnlyList<IperfAgreementRow> Throughput,
    double ThroughputTolerance,
    bool ThroughputAgrees);
