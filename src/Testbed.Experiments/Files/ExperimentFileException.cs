namespace Testbed.Experiments.Files;

/// <summary>An experiment file that cannot be used, with every problem found in it.</summary>
public sealed class ExperimentFileException(IReadOnlyList<ExperimentProblem> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<ExperimentProblem> Problems { get; } = problems;
}
