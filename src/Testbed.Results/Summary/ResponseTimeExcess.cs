namespace Testbed.Results.Summary;

/// <summary>
/// What a group's response time in one phase was made of, in ms, each a nearest-rank median
/// over its successful requests. <see cref="ConfiguredP50Ms"/>: the configured path's round
/// trip to the copy that answered (paths.csv, as the mechanism routes it) plus the service
/// time. <see cref="ExcessP50Ms"/>: the response time over that. <see cref="GuestTurnaroundMs"/>:
/// the answering guest's own turnaround at its LAN (guest-calibration.csv).
/// <see cref="ExcessAfterGuestP50Ms"/>: what is left after the guest's part too, which is the
/// host's and the harness's: the link emulator, the routers, the client. <see cref="Attributed"/>
/// counts the requests whose path was known.
/// </summary>
/// <param name="LinksOverConfiguredMs">
/// What the run's link calibration measured the same path's links to add over their
/// configured delays, each link alone, summed over every link crossed (paths.csv's
/// measured_rtt_ms less rtt_ms): the emulation and forwarding a crossing costs, which grows
/// with the links a mechanism sends traffic over. An upper bound on a path of several links
/// (see <see cref="Records.PathRow.MeasuredRttMs"/>). Null when a link was not measured, or in
/// older runs.
/// </param>
/// <param name="ExcessAfterGuestAndLinksP50Ms">What is left after the guest's part and the links' measured part: the client, the routers' tunnels and the guest's bridge, less what the links' bound over-counts.</param>
public sealed record ResponseTimeExcess(
    double? ConfiguredP50Ms, double? ExcessP50Ms, double? GuestTurnaroundMs, double? ExcessAfterGuestP50Ms, int Attributed,
    double? LinksOverConfiguredMs = null, double? ExcessAfterGuestAndLinksP50Ms = null);
