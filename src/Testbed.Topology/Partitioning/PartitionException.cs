namespace Testbed.Topology.Partitioning;

/// <summary>A partition that cannot be made: no host, a pin to a host that is not there, or a pin of a node that is not there.</summary>
public sealed class PartitionException : Exception
{
    public PartitionException()
    {
    }

    public PartitionException(string message)
        : base(message)
    {
    }

    public PartitionException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
