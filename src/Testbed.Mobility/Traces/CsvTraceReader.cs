using System.Globalization;
using Testbed.Topology;

namespace Testbed.Mobility.Traces;

/// <summary>
/// Reads a CSV trace (the caller reads the file): a header <c>t_s,user,lat,lon</c> or
/// <c>t_s,user,site</c>, then one row per sample. Blank lines and lines starting with
/// <c>#</c> are skipped. Rows must be in time order.
/// </summary>
public static class CsvTraceReader
{
    private static readonly string[] ByPosition = ["t_s", "user", "lat", "lon"];
    private static readonly string[] BySite = ["t_s", "user", "site"];

    public static Trace Parse(string text, string path)
    {
        var rows = new List<TraceRow>();
        string[]? header = null;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split(',').Select(f => f.Trim()).ToArray();
            if (header is null)
            {
                header = fields.SequenceEqual(ByPosition) ? ByPosition
                    : fields.SequenceEqual(BySite) ? BySite
                    : throw TraceFormatException.At(path, lineNumber, $"the header is \"{string.Join(',', ByPosition)}\" or \"{string.Join(',', BySite)}\", not \"{line}\"");
                continue;
            }

            if (fields.Length != header.Length)
            {
                throw TraceFormatException.At(path, lineNumber, $"{fields.Length} fields; the header has {header.Length} ({string.Join(',', header)})");
            }

            var time = Number(fields[0], "t_s", path, lineNumber);
            var user = fields[1].Length > 0 ? fields[1] : throw TraceFormatException.At(path, lineNumber, "the user is empty");
            if (header == BySite)
            {
                rows.Add(new TraceRow(lineNumber, time, user, null, fields[2].Length > 0 ? fields[2] : throw TraceFormatException.At(path, lineNumber, "the site is empty")));
                continue;
            }

            var lat = Number(fields[2], "lat", path, lineNumber);
            var lon = Number(fields[3], "lon", path, lineNumber);
            if (Math.Abs(lat) > 90 || Math.Abs(lon) > 180)
            {
                throw TraceFormatException.At(path, lineNumber, $"({fields[2]}, {fields[3]}) is not on Earth: latitude is -90 to 90, longitude -180 to 180");
            }

            rows.Add(new TraceRow(lineNumber, time, user, new GeoPoint(lat, lon), null));
        }

        return header is null ? throw TraceFormatException.At(path, Math.Max(1, lineNumber), "the trace is empty: no header") : new Trace(path, rows);
    }

    private static double Number(string text, string column, string path, int line) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw TraceFormatException.At(path, line, $"{column} \"{text}\" is not a number");
}
