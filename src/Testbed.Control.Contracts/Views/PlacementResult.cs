namespace Testbed.Control.Contracts;

/// <summary>How a placement step ended, and when it did not complete, QEMU's or the testbed's reason in <see cref="Error"/>.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record PlacementResult(PlacementStep Step, string From, PlacementOutcome Outcome, string? Error)
{
    public bool Succeeded => Outcome == PlacementOutcome.Completed;
}
