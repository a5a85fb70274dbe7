namespace Testbed.Experiments.Files;

/// <summary>A place in an experiment file, 1-based, the way editors and compilers print it.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
