namespace Testbed.Experiments.Model;

/// <summary>
/// The placement policy and its knobs. <see cref="HysteresisPercent"/>: follow-users moves
/// only when the demand-weighted RTT falls by more than this. The rates are requests per
/// second of one region's demand.
/// </summary>
public sealed record PolicySpec(
    PolicyKind Kind,
    TimeSpan? CheckEvery = null,
    double HysteresisPercent = 20,
    double ReplicateAbovePerSecond = 50,
    double DropBelowPerSecond = 10);
