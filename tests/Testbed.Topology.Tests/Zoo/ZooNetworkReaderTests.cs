using System.Text.RegularExpressions;
using Testbed.Topology.Zoo;

namespace Testbed.Topology.Tests.Zoo;

public sealed partial class ZooNetworkReaderTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("tbt-zoo-");

    public static TheoryData<string> Shipped => new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "topologies"), "*.graphml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    /// <summary>The counts are taken from the file's text, by a second way of reading it: its node tags, and its edges' endpoint pairs.</summary>
    [Theory]
    [MemberData(nameof(Shipped))]
    public void Each_shipped_network_has_the_nodes_and_links_its_file_holds(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "topologies", file);
        var text = File.ReadAllText(path);
        var pairs = EdgeTag().Matches(text).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
        var distinct = pairs.Where(p => p.Item1 != p.Item2).Select(p => string.CompareOrdinal(p.Item1, p.Item2) < 0 ? p : (p.Item2, p.Item1)).Distinct().Count();

        var network = Read(path);

        Assert.Equal(NodeTag().Count(text), network.Nodes.Count);
        Assert.Equal(distinct, network.Links.Count);
        Assert.Equal(pairs.Count(p => p.Item1 == p.Item2), network.SelfLoops);
        Assert.Equal(pairs.Count - network.SelfLoops, network.Links.Sum(l => l.Parallel));
        Assert.False(string.IsNullOrWhiteSpace(network.Name));
    }

    [Fact]
    public void Values_are_found_by_their_keys_name_and_parallel_edges_are_one_link_at_the_fastest_speed()
    {
        var path = Write("""
            <?xml version="1.0" encoding="utf-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key attr.name="Longitude" attr.type="double" for="node" id="d0" />
              <key attr.name="Latitude" attr.type="double" for="node" id="d1" />
              <key attr.name="label" attr.type="string" for="node" id="d2" />
              <key attr.name="LinkSpeedRaw" attr.type="double" for="edge" id="d3" />
              <key attr.name="Network" attr.type="string" for="graph" id="d4" />
              <graph edgedefault="undirected">
                <data key="d4">Tiny</data>
                <node id="0"><data key="d1">52.37</data><data key="d0">4.89</data><data key="d2">Amsterdam</data></node>
                <node id="1"><data key="d1">50.85</data><data key="d0">4.35</data><data key="d2">Brussels</data></node>
                <node id="2"><data key="d2">Nowhere</data></node>
                <edge source="1" target="0"><data key="d3">1000000000</data></edge>
                <edge source="0" target="1"><data key="d3">10000000000</data></edge>
                <edge source="2" target="2" />
                <edge source="0" target="2" />
              </graph>
            </graphml>
            """);

        var network = Read(path);

        Assert.Equal("Tiny", network.Name);
        Assert.Equal(new ZooNode("0", "Amsterdam", new GeoPoint(52.37, 4.89)), network.Nodes[0]);
        Assert.Equal(["Nowhere"], network.WithoutLocation.Select(n => n.Label));
        Assert.Equal([new ZooLink("0", "1", 1e10, Parallel: 2), new ZooLink("0", "2", null)], network.Links);
        Assert.Equal(1, network.SelfLoops);
    }

    [Theory]
    [InlineData("<node id=\"0\" /><edge source=\"0\" target=\"9\" />", ":4: the edge names node '9'")]
    [InlineData("<node id=\"0\" /><node id=\"0\" />", ":4: node id '0' appears twice")]
    [InlineData("<node id=\"0\"><data key=\"d1\">north</data></node>", ":4: Latitude 'north' is not a number")]
    [InlineData("<node id=\"0\"><data key=\"d1\">91</data><data key=\"d0\">0</data></node>", ":4: 91, 0 is not on Earth")]
    public void A_bad_file_is_refused_at_its_line(string content, string expected)
    {
        var path = Write($"""
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
            <key attr.name="Longitude" for="node" id="d0" /><key attr.name="Latitude" for="node" id="d1" />
            <graph>
            {content}
            </graph></graphml>
            """);

        var error = Assert.Throws<ZooFormatException>(() => Read(path));

        Assert.StartsWith(path + expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Xml_that_is_not_graphml_or_not_xml_is_refused_with_its_position()
    {
        var notGraphMl = Write("<graph/>");
        var notXml = Write("<graphml><graph>");

        Assert.StartsWith(notGraphMl + ":1: not a GraphML file", Assert.Throws<ZooFormatException>(() => Read(notGraphMl)).Message, StringComparison.Ordinal);
        Assert.StartsWith(notXml + ":1:", Assert.Throws<ZooFormatException>(() => Read(notXml)).Message, StringComparison.Ordinal);
        var withDtd = Write("<!DOCTYPE graphml [<!ENTITY a \"x\">]>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"><graph>&a;</graph></graphml>");
        Assert.StartsWith(withDtd + ":1: a DTD has no place in GraphML", Assert.Throws<ZooFormatException>(() => Read(withDtd)).Message, StringComparison.Ordinal);
    }

    public void Dispose() => _scratch.Delete(recursive: true);

    /// <summary>As a caller does: the file read here, parsed there.</summary>
    private static ZooNetwork Read(string path) => ZooNetworkReader.Parse(File.ReadAllText(path), path, Path.GetFileNameWithoutExtension(path));

    private string Write(string content)
    {
        var path = Path.Combine(_scratch.FullName, $"{Guid.NewGuid():N}.graphml");
        File.WriteAllText(path, content);
        return path;
    }

    [GeneratedRegex("<node ")]
    private static partial Regex NodeTag();

    [GeneratedRegex("<edge source=\"([^\"]*)\" target=\"([^\"]*)\"")]
    private static partial Regex EdgeTag();
}
