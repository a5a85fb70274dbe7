namespace Testbed.Topology;

/// <summary>A point-to-point WAN link between two topology nodes, named by node name.</summary>
public sealed record WanLink(string A, string B, LinkProperties Properties)
{
    public WanLink(string a, string b, double delayMs, double? bandwidthMbps = null)
        : this(a, b, new LinkProperties(delayMs, BandwidthMbps: bandwidthMbps))
    {
    }

    public bool Joins(string node) => A == node || B == node;

    public string OtherEnd(string node) =>
        A == node ? B : B == node ? A : throw new ArgumentException($"link {A}-{B} does not touch {node}", nameof(node));

    public override string ToString() => $"{A}-{B}";
}
