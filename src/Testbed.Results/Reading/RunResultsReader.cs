using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using Testbed.Results.Files;
using Testbed.Results.Records;
using Testbed.Results.Summary;
using Testbed.Workload.Records;

namespace Testbed.Results.Reading;

/// <summary>
/// Reads a run's results directory, as <see cref="RunRecorder"/> and the calibration wrote it.
/// A file the run never got to is read as empty; a malformed one fails with its file and line.
/// </summary>
public static class RunResultsReader
{
    /// <summary>True when <paramref name="directory"/> looks like one run's results (it has events.jsonl or summary.json).</summary>
    public static bool IsRunDirectory(string directory) =>
        File.Exists(Path.Combine(directory, ResultsFileNames.Events)) || File.Exists(Path.Combine(directory, ResultsFileNames.Summary));

    public static RunResults Read(string directory)
    {
        if (!IsRunDirectory(directory))
        {
            throw new InvalidDataException($"{directory}: not a run's results directory (it has neither {ResultsFileNames.Events} nor {ResultsFileNames.Summary})");
        }

        var events = ReadEvents(Path.Combine(directory, ResultsFileNames.Events));
        var recorded = new RecordedRun(
            ReadCsv(directory, ResultsFileNames.Requests, RequestRowMap.Instance),
            ReadCsv(directory, ResultsFileNames.Probes, ProbeRowMap.Instance),
            BrokenConnections(events),
            ReadCsv(directory, ResultsFileNames.Migrations, MigrationRowMap.Instance),
            ReadCsv(directory, ResultsFileNames.Replications, ReplicationRowMap.Instance),
            ReadCsv(directory, ResultsFileNames.Cpu, CpuRowMap.Instance),
            ReadCsv(directory, ResultsFileNames.Links, LinkSecondRowMap.Instance),
            ReadCsv(directory, ResultsFileNames.GuestCalibration, GuestCalibrationRowMap.Instance),
            ReadCsv(directory, ResultsFileNames.Paths, PathRowMap.Instance),
            Faults(events),
            ReadCsv(directory, ResultsFileNames.Handovers, HandoverRowMap.Instance),
            ReadCsv(directory, ResultsFileNames.Tracks, TrackRowMap.Instance),
            ReadCsv(directory, ResultsFileNames.Map, MapRowMap.Instance));
        var calibration = ReadCsv(directory, ResultsFileNames.Calibration, CalibrationRowMap.Instance);
        return new RunResults(directory, ReadSummary(Path.Combine(directory, ResultsFileNames.Summary)), recorded, events, calibration);
    }

    /// <summary>The broken connections of a run: its connection-broken events on the run's clock.</summary>
    public static IReadOnlyList<BrokenConnectionRow> BrokenConnections(IEnumerable<EventRow> events) =>
        [.. events.Where(e => e.Kind == "connection-broken" && e.TimeS is not null).Select(e => new BrokenConnectionRow(
            e.TimeS!.Value, e.Text("group") ?? "", (int)(e.Number("user") ?? 0), e.Text("site") ?? "", e.Text("reason") ?? ""))];

    /// <summary>The unscripted failures of a run, from its fault events.</summary>
    public static IReadOnlyList<RunFault> Faults(IEnumerable<EventRow> events) =>
        [.. events.Where(e => e.Kind == RunFault.EventKind).Select(e => new RunFault(
            e.Number("fault_time_s"), e.Text("component") ?? "", e.Text("cause") ?? "",
            EnumWords<FaultEffect>.TryParse(e.Text("effect") ?? "", out var effect) ? effect : FaultEffect.Failed, e.Text("recovery")))];

    public static RunSummary? ReadSummary(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(path), ResultsJson.Indented)
                ?? throw new InvalidDataException($"{path}: empty summary");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}:{(e.LineNumber ?? 0) + 1}: {e.Message}", e);
        }
    }

    /// <summary>One line of events.jsonl.</summary>
    /// <exception cref="JsonException">Not JSON.</exception>
    /// <exception cref="InvalidDataException">Not an event: no object, no 'at' or no 'kind'.</exception>
    public static EventRow ParseEvent(string line)
    {
        var fields = JsonNode.Parse(line)?.AsObject() ?? throw new InvalidDataException("not an object");
        var time = fields["t_s"] is JsonValue t ? t.GetValue<double>() : (double?)null;
        var at = DateTimeOffset.Parse(fields["at"]?.GetValue<string>() ?? throw new InvalidDataException("no 'at'"), CultureInfo.InvariantCulture);
        var kind = fields["kind"]?.GetValue<string>() ?? throw new InvalidDataException("no 'kind'");
        foreach (var own in (string[])["t_s", "at", "kind"])
        {
            fields.Remove(own);
        }

        return new EventRow(time, at, kind, fields);
    }

    private static List<EventRow> ReadEvents(string path)
    {
        var rows = new List<EventRow>();
        if (!File.Exists(path))
        {
            return rows;
        }

        var lines = ReadShared(path).TrimEnd('\n').Split('\n');
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                rows.Add(ParseEvent(line));
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or FormatException or InvalidOperationException)
            {
                // A run killed mid-write leaves a partial last line; only that one may be cut.
                if (number == lines.Length)
                {
                    break;
                }

                throw new InvalidDataException($"{path}:{number}: {e.Message}", e);
            }
        }

        return rows;
    }

    /// <summary>The rows of one results file through its map; a file the run never got to is empty.</summary>
    public static List<T> ReadCsv<T>(string directory, string fileName, RowMap<T> map)
    {
        var path = Path.Combine(directory, fileName);
        return File.Exists(path) ? ParseCsv(ReadShared(path), map, path) : [];
    }

    /// <summary>The rows of a results file's text (its header first); <paramref name="path"/> names it in errors.</summary>
    public static List<T> ParseCsv<T>(string text, RowMap<T> map, string path)
    {
        var rows = new List<T>();
        using var reader = new StringReader(text);
        using var csv = ResultsCsv.Reader(reader);
        csv.Context.RegisterClassMap(map);
        if (!csv.Read())
        {
            return rows;
        }

        csv.ReadHeader();
        try
        {
            csv.ValidateHeader<T>();
        }
        catch (HeaderValidationException e)
        {
            throw new InvalidDataException($"{path}:1: missing {string.Join(", ", e.InvalidHeaders.Select(h => h.Names[0]))}", e);
        }

        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            try
            {
                rows.Add(csv.GetRecord<T>());
            }
            catch (CsvHelperException e)
            {
                // A run killed mid-write leaves a partial last row; only that one may be cut.
                if (!csv.Read())
                {
                    break;
                }

                throw new InvalidDataException($"{path}:{line}: {(e.InnerException ?? e).Message.Split('\n')[0]}", e);
            }
        }

        return rows;
    }

    /// <summary>Reads a file that a live run may still be appending to.</summary>
    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
