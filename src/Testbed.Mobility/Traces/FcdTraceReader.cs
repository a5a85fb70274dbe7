using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Testbed.Mobility.Traces;

/// <summary>
/// Reads SUMO's floating car data (<c>sumo --fcd-output</c>; the caller reads the file):
/// <c>&lt;timestep time="T"&gt;&lt;vehicle id="V" x="X" y="Y" .../&gt;</c>. Each vehicle is a user.
/// </summary>
public static class FcdTraceReader
{
    public static Trace Parse(string xml, string path, FcdProjection projection)
    {
        var root = Document(xml, path).Root;
        if (root?.Name.LocalName != "fcd-export")
        {
            throw TraceFormatException.At(path, Line(root), "not SUMO FCD output: the root element is <fcd-export>");
        }

        var rows = new List<TraceRow>();
        foreach (var step in root.Elements("timestep"))
        {
            var time = Number(step, "time", path);
            foreach (var vehicle in step.Elements("vehicle"))
            {
                var id = (string?)vehicle.Attribute("id") ?? throw TraceFormatException.At(path, Line(vehicle), "a vehicle without an id");
                rows.Add(new TraceRow(Line(vehicle), time, id, projection.Place(Number(vehicle, "x", path), Number(vehicle, "y", path)), null));
            }
        }

        return new Trace(path, rows);
    }

    /// <summary>
    /// The plane a SUMO net spans (<c>&lt;location convBoundary="x0,y0,x1,y1"/&gt;</c>), and
    /// whether it has a geo-reference (a <c>projParameter</c> other than "!").
    /// </summary>
    public static (double MinX, double MinY, double MaxX, double MaxY, bool GeoReferenced) NetPlane(string netXml, string path)
    {
        var location = Document(netXml, path).Root?.Element("location")
            ?? throw TraceFormatException.At(path, 1, "not a SUMO net: no <location> element");
        var bounds = ((string?)location.Attribute("convBoundary") ?? "").Split(',');
        if (bounds.Length != 4 || !bounds.All(b => double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            throw TraceFormatException.At(path, Line(location), "<location> has no convBoundary=\"x0,y0,x1,y1\"");
        }

        var b = bounds.Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        if (!(b[2] > b[0] && b[3] > b[1]))
        {
            throw TraceFormatException.At(path, Line(location), "the net's convBoundary has no area");
        }

        return (b[0], b[1], b[2], b[3], ((string?)location.Attribute("projParameter") ?? "!") != "!");
    }

    private static XDocument Document(string xml, string path)
    {
        try
        {
            var document = XDocument.Parse(xml, LoadOptions.SetLineInfo);
            return document.DocumentType is null ? document : throw TraceFormatException.At(path, Line(document.DocumentType), "a DTD has no place in SUMO output");
        }
        catch (XmlException e)
        {
            throw TraceFormatException.At(path, e.LineNumber, $"not XML: {e.Message}");
        }
    }

    private static double Number(XElement element, string attribute, string path) =>
        double.TryParse((string?)element.Attribute(attribute), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw TraceFormatException.At(path, Line(element), $"<{element.Name.LocalName}> has no number {attribute}=\"...\"");

    private static int Line(XObject? node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 1;
}
