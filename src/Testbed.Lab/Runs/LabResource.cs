namespace Testbed.Lab.Runs;

/// <summary>One network object a run created; <see cref="Namespace"/> is null for the root namespace.</summary>
public sealed record LabResource(LabResourceKind Kind, string Name, string? Namespace = null)
{
    public override string ToString() => Kind switch
    {
        LabResourceKind.Namespace => $"namespace {Name}",
        _ when Namespace is null => $"interface {Name}",
        _ => $"interface {Name} in {Namespace}",
    };
}
