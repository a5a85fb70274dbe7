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
public sealed record ResponseTimeExcess(double? ConfiguredP50Ms, double? ExcessP50Ms, double? GuestTurnaroundMs, double? ExcessAfterGuestP50Ms, int Attributed);
