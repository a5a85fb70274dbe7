namespace Testbed.Dashboards.Containers;

/// <summary>What `up` found and did, per container in start order, with the host ports the engine published.</summary>
public sealed record StackUpReport(IReadOnlyList<ContainerUpResult> Containers, TimeSpan Elapsed)
{
    public bool AllAlreadyRunning => Containers.All(c => c.Outcome == ContainerOutcome.AlreadyRunning);

    public ContainerUpResult this[string name] => Containers.Single(c => c.Name == name);
}
