namespace Testbed.Control.Contracts;

[GenerateSerializer]
public enum PlacementStepKind
{
    Migrate,
    Replicate,
    Drop,
}
