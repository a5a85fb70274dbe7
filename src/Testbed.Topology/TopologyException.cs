namespace Testbed.Topology;

/// <summary>A topology that cannot be built, with every problem found.</summary>
public sealed class TopologyException(IReadOnlyList<TopologyProblem> problems)
    : Exception(problems.Count == 1 ? problems[0].ToString() : $"{problems.Count} problems: {string.Join("; ", problems)}")
{
    public IReadOnlyList<TopologyProblem> Problems { get; } = problems;
}
