namespace Testbed.Topology.Routing;

/// <summary>
/// The links a request from a user site crosses to a copy in a data center (its ingress and
/// any tunnel included), and those its answer crosses back, by index in the topology, with
/// the sums of their configured delays in ms.
/// </summary>
public sealed record MechanismPath(IReadOnlyList<int> ForwardLinks, IReadOnlyList<int> ReturnLinks, double ForwardMs, double ReturnMs)
{
    /// <summary>How many times a request and its answer cross an emulated link.</summary>
    public int LinkCrossings => ForwardLinks.Count + ReturnLinks.Count;
}
