namespace Testbed.Results.Summary;

/// <summary>
/// Where a migration's downtime went, on the hosts, in ms. A user site's client downtime is
/// <see cref="SourcePauseMs"/> + <see cref="RestoreMs"/> + its convergence, less the answers
/// that were still on their way to it when the source stopped (per site in
/// <see cref="MigrationSummary.AnswersInFlightMs"/>). Restore is
/// <see cref="InFlightMs"/> + <see cref="LoadMs"/>. <see cref="PathReadyMs"/> and
/// <see cref="GuestFirstFrameMs"/> are instants from RESUME at the destination's tap, which
/// split convergence into the network's part and the guest's.
/// </summary>
public sealed record MigrationParts(
    double? SourcePauseMs,
    double? RestoreMs,
    double? InFlightMs,
    double? LoadMs,
    double? PathReadyMs,
    double? GuestFirstFrameMs,
    long? SendBufferBytes,
    long? UnsentLimitBytes,
    long? ReceiveBufferBytes,
    int? PathQueuePackets);
