namespace Testbed.Experiments.Files;

/// <summary>One thing wrong with an experiment file, printed as "file:line:col: message".</summary>
public sealed record ExperimentProblem(SourceLocation Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}";
}
