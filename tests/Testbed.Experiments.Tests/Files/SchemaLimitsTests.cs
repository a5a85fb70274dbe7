using System.Text.Json.Nodes;
using Testbed.Experiments.Files;
using Testbed.Topology;

namespace Testbed.Experiments.Tests.Files;

/// <summary>The schema's bounds are the ones the code runs with: one limit, written in the two places editors and the binder read.</summary>
public sealed class SchemaLimitsTests
{
    private static readonly JsonNode Schema = JsonNode.Parse(ExperimentSchema.Text)!;

    [Fact]
    public void The_schema_bounds_integers_where_the_code_does()
    {
        Assert.Equal(int.MaxValue, (long)Schema["properties"]!["seed"]!["maximum"]!);
        Assert.Equal(LinkProperties.MaxQueuePackets, (int)Schema["$defs"]!["link"]!["properties"]!["queue_packets"]!["maximum"]!);
        Assert.Equal(WanTopology.MaxHostsPerDataCenter, (int)Schema["$defs"]!["data_center"]!["properties"]!["hosts"]!["maximum"]!);
    }
}
