namespace Testbed.Topology;

/// <summary>
/// One thing wrong with a topology. <see cref="Path"/> names the field the way an
/// experiment file does ("links[2].delay_ms"), so the file loader can point at its line.
/// </summary>
public sealed record TopologyProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
