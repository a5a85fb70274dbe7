using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Testbed.Topology.Zoo;

/// <summary>
/// Reads an Internet Topology Zoo GraphML text (the caller reads the file: this model does
/// no I/O). Each file declares its own keys (<c>&lt;key attr.name="Latitude" id="d29"/&gt;</c>),
/// so values are found by the key's name, never by its id. A problem is a
/// <see cref="ZooFormatException"/> whose message starts with <c>source:line:</c>.
/// </summary>
public static class ZooNetworkReader
{
    private static readonly XNamespace GraphMl = "http://graphml.graphdrawing.org/xmlns";

    /// <param name="graphMl">The file's text.</param>
    /// <param name="path">What the messages name it by.</param>
    /// <param name="fallbackName">The network's name when the file gives none (its file name, say).</param>
    public static ZooNetwork Parse(string graphMl, string path, string fallbackName)
    {
        XDocument document;
        try
        {
            // LINQ to XML resolves nothing outside the text and caps what entities may expand to.
            document = XDocument.Parse(graphMl, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new ZooFormatException($"{path}:{e.LineNumber}:{e.LinePosition}: not GraphML: {e.Message}");
        }

        if (document.DocumentType is not null)
        {
            throw new ZooFormatException($"{path}:{Line(document.DocumentType)}: a DTD has no place in GraphML");
        }

        var root = document.Root;
        var graph = root?.Element(GraphMl + "graph");
        if (root?.Name != GraphMl + "graphml" || graph is null)
        {
            throw new ZooFormatException($"{path}:1: not a GraphML file: no <graphml> with a <graph> in the GraphML namespace");
        }

        var keys = root.Elements(GraphMl + "key")
            .Where(k => k.Attribute("id") is not null && k.Attribute("attr.name") is not null)
            .ToDictionary(k => ((string)k.Attribute("for")!, (string)k.Attribute("attr.name")!), k => (string)k.Attribute("id")!);

        string? Value(XElement element, string owner, string name) =>
            keys.TryGetValue((owner, name), out var id) ? element.Elements(GraphMl + "data").FirstOrDefault(d => (string?)d.Attribute("key") == id)?.Value : null;

        double? Number(XElement element, string owner, string name)
        {
            var text = Value(element, owner, name);
            if (text is null)
            {
                return null;
            }

            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                ? number
                : throw new ZooFormatException($"{path}:{Line(element)}: {name} '{text}' is not a number");
        }

        var nodes = new List<ZooNode>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Elements(GraphMl + "node"))
        {
            var id = (string?)node.Attribute("id") ?? throw new ZooFormatException($"{path}:{Line(node)}: a node without an id");
            if (!ids.Add(id))
            {
                throw new ZooFormatException($"{path}:{Line(node)}: node id '{id}' appears twice");
            }

            var (latitude, longitude) = (Number(node, "node", "Latitude"), Number(node, "node", "Longitude"));
            GeoPoint? location = latitude is { } lat && longitude is { } lon
                ? lat is >= -90 and <= 90 && lon is >= -180 and <= 180 ? new GeoPoint(lat, lon) : throw new ZooFormatException($"{path}:{Line(node)}: {lat}, {lon} is not on Earth")
                : null;
            nodes.Add(new ZooNode(id, Value(node, "node", "label") ?? id, location));
        }

        var links = new Dictionary<(string, string), ZooLink>();
        var selfLoops = 0;
        foreach (var edge in graph.Elements(GraphMl + "edge"))
        {
            var (source, target) = ((string?)edge.Attribute("source"), (string?)edge.Attribute("target"));
            foreach (var end in (string?[])[source, target])
            {
                if (end is null || !ids.Contains(end))
                {
                    throw new ZooFormatException($"{path}:{Line(edge)}: the edge names node '{end}', which the file does not have");
                }
            }

            if (source == target)
            {
                selfLoops++;
                continue;
            }

            var pair = string.CompareOrdinal(source, target) < 0 ? (source!, target!) : (target!, source!);
            var speed = Number(edge, "edge", "LinkSpeedRaw");
            links[pair] = links.TryGetValue(pair, out var known)
                ? known with { SpeedBitsPerSecond = Faster(known.SpeedBitsPerSecond, speed), Parallel = known.Parallel + 1 }
                : new ZooLink(pair.Item1, pair.Item2, speed);
        }

        var name = Value(graph, "graph", "Network") ?? Value(graph, "graph", "label") ?? fallbackName;
        return new ZooNetwork(name, nodes, [.. links.Values], selfLoops);
    }

    private static double? Faster(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static int Line(XObject node) => ((IXmlLineInfo)node).LineNumber;
}
