namespace Testbed.Overlay.Control;

/// <summary>When each step of a two-phase switch-over happened, and when each router acknowledged its commit.</summary>
public sealed record SwitchoverTimes
{
    public required DateTimeOffset PrepareStarted { get; init; }

    public DateTimeOffset? Prepared { get; init; }

    public DateTimeOffset? CommitStarted { get; init; }

    public DateTimeOffset? Committed { get; init; }

    public IReadOnlyDictionary<string, DateTimeOffset> CommitAcknowledged { get; init; } = new Dictionary<string, DateTimeOffset>();

    public double? PrepareMs => Prepared is { } done ? (done - PrepareStarted).TotalMilliseconds : null;

    public double? CommitMs => (CommitStarted, Committed) is ({ } start, { } done) ? (done - start).TotalMilliseconds : null;
}
