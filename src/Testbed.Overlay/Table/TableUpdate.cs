namespace Testbed.Overlay.Table;

/// <summary>What an update did, and the entry the router holds afterwards (null when none).</summary>
public sealed record TableUpdate(UpdateOutcome Outcome, LocationEntry? Current, string? Reason = null)
{
    public bool Accepted => Outcome is UpdateOutcome.Applied or UpdateOutcome.Repeated;
}
