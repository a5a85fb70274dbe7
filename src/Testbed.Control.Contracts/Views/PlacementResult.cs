namespace Testbed.Control.Contracts;

/// <summary>How a placement step ended: "completed", or QEMU's or the testbed's reason it did not, in <see cref="Error"/>.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record PlacementResult(PlacementStep Step, string From, string Outcome, string? Error)
{
    public const string Completed = "completed";

    /// <summary>The step was not tried: what it asks cannot be done under this run's mechanism.</summary>
    public const string Refused = "refused";

    public bool Succeeded => Outcome == Completed;
}
